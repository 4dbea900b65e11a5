#!/usr/bin/env bash
# Uploads of 1 GiB and 4 GiB: S3Proxy-backed service vs directory-backed service vs dd conv=fsync.
set -u
# Run from the repository after `mvn -q package -DskipTests`; works in /tmp/s3bench (needs ~7 GiB free).
JAR=${JAR:-$PWD/target/custody-ledger.jar}
mkdir -p /tmp/s3bench && cd /tmp/s3bench
S3JAR=${S3JAR:-$HOME/.m2/repository}/org/gaul/s3proxy/2.6.0/s3proxy-2.6.0-jar-with-dependencies.jar
rm -rf data s3data svc-s3 svc-dir in-4.bin; mkdir -p s3data/bench
cat > s3.properties <<P
s3proxy.endpoint=http://127.0.0.1:18601
s3proxy.authorization=none
s3proxy.ignore-unknown-headers=true
jclouds.provider=filesystem
jclouds.filesystem.basedir=/tmp/s3bench/s3data
P
java -Xmx256m -jar $S3JAR --properties s3.properties > s3proxy.log 2>&1 &
S3PID=$!
# /dev/urandom is slow here: 1 GiB of it, and the 4 GiB file is four copies (nothing in the path deduplicates).
[ -s in-1.bin ] && [ $(stat -c %s in-1.bin) = 1073741824 ] || head -c $((1<<30)) /dev/urandom > in-1.bin
cat in-1.bin in-1.bin in-1.bin in-1.bin > in-4.bin
export AWS_ACCESS_KEY_ID=bench AWS_SECRET_ACCESS_KEY=bench
start_service() { # $1 name, rest: extra flags
  local name=$1; shift
  java -Xmx96m -XX:MaxDirectMemorySize=64m -jar $JAR serve --port 0 --data-dir /tmp/s3bench/svc-$name "$@" > svc-$name.log 2>&1 &
  echo $! > svc-$name.pid
  for i in $(seq 1 240); do grep -q "listening on port" svc-$name.log && break; sleep 1; done
  grep -o "listening on port [0-9]*" svc-$name.log | grep -o "[0-9]*$"
}
OFFICER=$(java -jar $JAR token --role officer --subject bench)
PS3=$(start_service s3 --blob-store s3://bench/agency --s3-endpoint http://127.0.0.1:18601 --s3-path-style --s3-region us-east-1)
PDIR=$(start_service dir)
echo "load before: $(cat /proc/loadavg)"
for n in 1 4; do
  for run in 1 2 3; do
    [ $n = 4 ] && [ $run -gt 1 ] && break
    # a fresh file each run, so no run is a re-submission of the same bytes
    printf "run-%s-%s" $n $run | dd of=in-$n.bin conv=notrunc bs=1 count=8 2>/dev/null
    t0=$(date +%s.%N); dd if=in-$n.bin of=dd-out.bin bs=8M conv=fsync 2>/dev/null; t1=$(date +%s.%N); rm -f dd-out.bin
    dd_s=$(echo "$t1 - $t0" | bc)
    s3_s=$(curl -s -o /dev/null -w "%{time_total} %{http_code}" -T in-$n.bin -H "Authorization: Bearer $OFFICER" "localhost:$PS3/api/v1/footage?filename=b$n-$run.bin")
    dir_s=$(curl -s -o /dev/null -w "%{time_total} %{http_code}" -T in-$n.bin -H "Authorization: Bearer $OFFICER" "localhost:$PDIR/api/v1/footage?filename=b$n-$run.bin")
    echo "size=${n}GiB run=$run dd=${dd_s}s s3=${s3_s} dir=${dir_s} load=$(cut -d' ' -f1-3 /proc/loadavg)"
  done
done
echo "peak RSS s3 service: $(grep VmHWM /proc/$(cat svc-s3.pid)/status)"
echo "peak RSS dir service: $(grep VmHWM /proc/$(cat svc-dir.pid)/status)"
echo "peak RSS s3proxy: $(grep VmHWM /proc/$S3PID/status)"
kill $(cat svc-s3.pid) $(cat svc-dir.pid) $S3PID
wait
rm -rf in-*.bin s3data svc-s3/blobs svc-dir/blobs

#!/usr/bin/env python3
# Opens N uploads that declare 1 MiB, send 1 KiB and stall; reports how many were refused 503
# and how long /health takes meanwhile. usage: stalled-uploads.py PORT N TOKEN [HOLD_SECONDS]
import socket, sys, time, urllib.request
port, n, token = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
socks=[]
for i in range(n):
    s=socket.create_connection(("127.0.0.1",port))
    s.sendall(("POST /api/v1/footage?filename=stall%d.mp4 HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer %s\r\nContent-Length: 1048576\r\n\r\n"%(i,token)).encode())
    s.sendall(b"\0"*1024)
    socks.append(s)
time.sleep(3)
busy=0
for s in socks:
    s.setblocking(False)
    try:
        d=s.recv(64)
        if b" 503 " in d: busy+=1
    except BlockingIOError: pass
t=time.time(); urllib.request.urlopen("http://127.0.0.1:%d/health"%port).read(); h=(time.time()-t)*1000
print("stalled=%d answered503=%d health_ms=%.1f"%(n,busy,h))
sys.stdout.flush()
time.sleep(float(sys.argv[4]) if len(sys.argv)>4 else 1)

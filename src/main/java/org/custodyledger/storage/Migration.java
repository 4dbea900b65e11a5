package org.custodyledger.storage;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.custodyledger.hash.Sha256Hasher;

/** One versioned schema file, {@code V<version>__<description>.sql}, as shipped in the jar. */
public record Migration(int version, String description, String sql, String checksum) {
    private static final Pattern NAME = Pattern.compile("V(\\d+)__([A-Za-z0-9_]+)\\.sql");

    static Migration of(String fileName, String sql) {
        Matcher m = NAME.matcher(fileName);
        if (!m.matches()) {
            throw new StorageException("schema file name is not V<version>__<description>.sql: " + fileName);
        }
        String checksum = HexFormat.of().formatHex(
                Sha256Hasher.hash(sql.getBytes(StandardCharsets.UTF_8)).bytes());
        return new Migration(Integer.parseInt(m.group(1)), m.group(2).replace('_', ' '), sql, checksum);
    }

    /** Every {@code schema/V*.sql} on the classpath (the build copies the top-level schema/ folder there), by version. */
    public static List<Migration> fromClasspath() {
        URL url = Migration.class.getClassLoader().getResource("schema");
        if (url == null) {
            throw new StorageException("no schema/ folder on the classpath");
        }
        try {
            URI uri = url.toURI();
            if ("jar".equals(uri.getScheme())) {
                FileSystem fs;
                try {
                    fs = FileSystems.newFileSystem(uri, Map.of());
                } catch (FileSystemAlreadyExistsException e) {
                    fs = FileSystems.getFileSystem(uri);
                }
                return load(fs.getPath("schema"));
            }
            return load(Path.of(uri));
        } catch (IOException | URISyntaxException e) {
            throw new StorageException("cannot read the schema files: " + e.getMessage(), e);
        }
    }

    static List<Migration> load(Path folder) throws IOException {
        List<Migration> migrations = new ArrayList<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                String name = file.getFileName().toString();
                if (name.endsWith(".sql")) {
                    migrations.add(of(name.replaceAll("/$", ""), Files.readString(file, StandardCharsets.UTF_8)));
                }
            }
        }
        migrations.sort(Comparator.comparingInt(Migration::version));
        for (int i = 1; i < migrations.size(); i++) {
            if (migrations.get(i).version() == migrations.get(i - 1).version()) {
                throw new StorageException("two schema files have version " + migrations.get(i).version());
            }
        }
        return migrations;
    }
}

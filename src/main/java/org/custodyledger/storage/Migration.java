package org.custodyledger.storage;

import java.io.IOException;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
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
            if (url.openConnection() instanceof JarURLConnection jar) {
                return fromJar(Path.of(jar.getJarFileURL().toURI()));
            }
            return load(Path.of(url.toURI()));
        } catch (IOException | URISyntaxException e) {
            throw new StorageException("cannot read the schema files: " + e.getMessage(), e);
        }
    }

    /**
     * The schema files inside the shaded jar. Read with {@link JarFile}, whose central directory
     * the JDK shares with the class loader's open copy of the same jar, rather than a zip
     * {@code FileSystem}, which parses the ~28,000-entry directory again into a tree of its own:
     * that cost ~1 s of every start on a loaded machine (measured with -Xlog:class+load).
     */
    static List<Migration> fromJar(Path jarPath) throws IOException {
        List<Migration> migrations = new ArrayList<>();
        try (JarFile jar = new JarFile(jarPath.toFile())) {
            for (JarEntry entry : (Iterable<JarEntry>) jar.stream()::iterator) {
                String name = entry.getName();
                if (name.startsWith("schema/") && name.endsWith(".sql") && name.indexOf('/', "schema/".length()) < 0) {
                    try (InputStream in = jar.getInputStream(entry)) {
                        migrations.add(of(name.substring("schema/".length()),
                                new String(in.readAllBytes(), StandardCharsets.UTF_8)));
                    }
                }
            }
        }
        return inOrder(migrations);
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
        return inOrder(migrations);
    }

    private static List<Migration> inOrder(List<Migration> migrations) {
        migrations.sort(Comparator.comparingInt(Migration::version));
        for (int i = 1; i < migrations.size(); i++) {
            if (migrations.get(i).version() == migrations.get(i - 1).version()) {
                throw new StorageException("two schema files have version " + migrations.get(i).version());
            }
        }
        return migrations;
    }
}

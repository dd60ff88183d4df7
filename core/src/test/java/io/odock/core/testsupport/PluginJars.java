package io.odock.core.testsupport;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Builds real plugin jars, folders and zips from compiled test classes, the way a plugin's build would: the classes,
 * PF4J's extension index, and the descriptor in the manifest or in plugin.properties. Shared with the distribution's
 * end-to-end tests through core's test jar.
 */
public final class PluginJars {
    private PluginJars() {
    }

    /** A single-jar plugin with its descriptor in the manifest. */
    public static Path jar(Path dir, String id, String requires, Class<?>... extensions) throws IOException {
        Path jar = dir.resolve(id + ".jar");
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Plugin-Id", id);
        main.putValue("Plugin-Version", "1.2.3");
        main.putValue("Plugin-Requires", requires);
        main.putValue("Plugin-Description", "test plugin " + id);
        writeJar(jar, manifest, extensions);
        return jar;
    }

    /** A pre-expanded plugin folder: plugin.properties and lib/classes.jar. */
    public static Path folder(Path dir, String id, Class<?>... extensions) throws IOException {
        Path folder = Files.createDirectories(dir.resolve(id));
        Files.writeString(folder.resolve("plugin.properties"), descriptor(id));
        Path lib = Files.createDirectories(folder.resolve("lib"));
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        writeJar(lib.resolve(id + "-classes.jar"), manifest, extensions);
        return folder;
    }

    /** The same as {@link #folder}, zipped: PF4J expands it on load. */
    public static Path zip(Path dir, String id, Class<?>... extensions) throws IOException {
        Path staging = Files.createTempDirectory("plugin-zip");
        Path folder = folder(staging, id, extensions);
        Path zip = dir.resolve(id + ".zip");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip));
             Stream<Path> files = Files.walk(folder)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                out.putNextEntry(new ZipEntry(folder.relativize(file).toString().replace('\\', '/')));
                Files.copy(file, out);
                out.closeEntry();
            }
        }
        return zip;
    }

    private static String descriptor(String id) {
        return "plugin.id=" + id + "\nplugin.version=2.0.0\nplugin.requires=>=0.1.0\nplugin.description=folder " + id + "\n";
    }

    private static void writeJar(Path jar, Manifest manifest, Class<?>... extensions) throws IOException {
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
            StringBuilder index = new StringBuilder();
            for (Class<?> extension : extensions) {
                index.append(extension.getName()).append('\n');
                for (Path classFile : classFilesOf(extension)) {
                    String name = extension.getPackageName().replace('.', '/') + "/" + classFile.getFileName();
                    out.putNextEntry(new JarEntry(name));
                    Files.copy(classFile, out);
                    out.closeEntry();
                }
            }
            out.putNextEntry(new JarEntry("META-INF/extensions.idx"));
            write(out, index.toString());
            out.closeEntry();
        }
    }

    /** The class and its nested and anonymous classes, as compiled into test-classes. */
    private static List<Path> classFilesOf(Class<?> type) throws IOException {
        try {
            Path file = Path.of(type.getResource(type.getSimpleName() + ".class").toURI());
            try (Stream<Path> siblings = Files.list(file.getParent())) {
                return siblings.filter(p -> {
                    String name = p.getFileName().toString();
                    return name.equals(type.getSimpleName() + ".class") || name.startsWith(type.getSimpleName() + "$");
                }).toList();
            }
        } catch (URISyntaxException e) {
            throw new IOException(e);
        }
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
    }

    /** A file that claims to be a jar but is not. */
    public static Path corruptJar(Path dir, String name) throws IOException {
        Path jar = dir.resolve(name + ".jar");
        Files.write(jar, "this is not a zip file".getBytes(StandardCharsets.UTF_8));
        return jar;
    }
}

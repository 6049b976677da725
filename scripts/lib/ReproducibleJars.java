import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.Enumeration;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Rewrites jars so that one input always gives the same bytes: every entry keeps its name, order, content
 * and compression, and gets one fixed time. ProGuard stamps the jars it writes with the time of the build,
 * so without this each build of one commit gives a different package, and `sam deploy` updates functions
 * whose code did not change.
 *
 * <p>Usage: java scripts/lib/ReproducibleJars.java JAR...   (a single-file program: no build step)
 */
public final class ReproducibleJars {
    /** The earliest time a zip entry can hold in its DOS fields, and what the SAM CLI gives every file it zips. */
    private static final FileTime FIXED = FileTime.fromMillis(315532800000L + 2000L);

    public static void main(String[] args) throws IOException {
        for (String jar : args) {
            rewrite(Path.of(jar));
        }
    }

    private static void rewrite(Path jar) throws IOException {
        Path rewritten = jar.resolveSibling(jar.getFileName() + ".tmp");
        try (ZipFile in = new ZipFile(jar.toFile());
             ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(rewritten))) {
            Enumeration<? extends ZipEntry> entries = in.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                ZipEntry copy = new ZipEntry(entry.getName());
                copy.setLastModifiedTime(FIXED);
                copy.setMethod(entry.getMethod());
                if (entry.getMethod() == ZipEntry.STORED) {
                    copy.setSize(entry.getSize());
                    copy.setCompressedSize(entry.getSize());
                    copy.setCrc(entry.getCrc());
                }
                out.putNextEntry(copy);
                try (InputStream data = in.getInputStream(entry)) {
                    data.transferTo(out);
                }
                out.closeEntry();
            }
        }
        Files.move(rewritten, jar, StandardCopyOption.REPLACE_EXISTING);
    }
}

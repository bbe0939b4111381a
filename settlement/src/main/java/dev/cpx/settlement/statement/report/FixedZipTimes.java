package dev.cpx.settlement.statement.report;

import java.io.IOException;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.apache.commons.compress.utils.SeekableInMemoryByteChannel;
import java.io.OutputStream;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Copies a zip (an XLSX package) with every entry dated by the document instead of the moment of writing, which
 * the zip writer puts in each entry: the same document then gives the same bytes on every download.
 */
final class FixedZipTimes {

    /** The earliest time a zip entry can hold, for a document without a time of its own. */
    private static final LocalDateTime ZIP_EPOCH = LocalDateTime.of(1980, 1, 1, 0, 0);

    private FixedZipTimes() {
    }

    static void copy(byte[] zip, Instant time, OutputStream out) throws IOException {
        LocalDateTime at = time == null ? ZIP_EPOCH : LocalDateTime.ofInstant(time, ZoneOffset.UTC);
        if (at.isBefore(ZIP_EPOCH)) {
            at = ZIP_EPOCH;
        }
        var zipOut = new ZipOutputStream(out);
        // Read through the central directory: the entries' local headers leave their sizes to data descriptors,
        // which a streaming reader cannot follow for stored entries.
        try (ZipFile in = ZipFile.builder().setSeekableByteChannel(new SeekableInMemoryByteChannel(zip)).get()) {
            for (ZipArchiveEntry entry : java.util.Collections.list(in.getEntriesInPhysicalOrder())) {
                ZipEntry copy = new ZipEntry(entry.getName());
                copy.setTimeLocal(at);
                zipOut.putNextEntry(copy);
                try (var data = in.getInputStream(entry)) {
                    data.transferTo(zipOut);
                }
                zipOut.closeEntry();
            }
        }
        zipOut.finish();
        zipOut.flush();
    }
}

package io.phoenix.node.snapshot;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/** The file system as the engine's {@link Source}: one {@code lstat}, one directory stream, one open per call. */
public final class FileSource implements Source {
    /** The only instance: it holds no state. */
    public static final FileSource INSTANCE = new FileSource();

    private FileSource() {
    }

    @Override
    public FileStat stat(Path path) throws IOException {
        return FileStat.read(path);
    }

    @Override
    public List<byte[]> names(Path dir) throws IOException {
        List<byte[]> names = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) names.add(p.getFileName().toString().getBytes(StandardCharsets.UTF_8));
        }
        return names;
    }

    @Override
    public String readLink(Path link) throws IOException {
        return Files.readSymbolicLink(link).toString();
    }

    @Override
    public ReadableByteChannel open(Path file) throws IOException {
        return FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
    }
}

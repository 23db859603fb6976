package com.remotefetch.agent.share;

import java.io.UncheckedIOException;
import com.remotefetch.protocol.FileInfo;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.StringJoiner;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The set of files this agent may serve, and the only way to open one.
 *
 * <p>A request names a file; the name is looked up in a listing made from the configuration and
 * never turned into a path itself, so {@code ..}, absolute paths, encoded or look-alike names
 * simply do not match. Files found in a shared folder are opened only if, with every link
 * resolved, they are still regular files inside that folder.
 */
public final class SharedFiles {
    private static final Logger log = LoggerFactory.getLogger(SharedFiles.class);
    /** Folders nest at most this deep below a shared folder; deeper ones are left out, and the log says so. */
    static final int MAX_DEPTH = 32;

    /** A shared file: its public name, its path, and the folder it must stay in (null for a file shared by itself). */
    public record Entry(String name, Path path, Path root) {
    }

    /** Folders already reported as too deep, so a rescan every few seconds does not repeat it. */
    private final Set<Path> warnedTooDeep = ConcurrentHashMap.newKeySet();
    private volatile List<Path> files;
    private volatile List<Path> dirs;

    public SharedFiles(List<Path> files, List<Path> dirs) {
        reconfigure(files, dirs);
    }

    /** Replaces the shared set (config reload); the next scan announces the change. */
    public void reconfigure(List<Path> newFiles, List<Path> newDirs) {
        this.files = newFiles.stream().map(p -> p.toAbsolutePath().normalize()).toList();
        this.dirs = newDirs.stream().map(p -> p.toAbsolutePath().normalize()).toList();
    }

    public List<Path> dirs() {
        return dirs;
    }

    /** Configured files that do not exist (or are not regular files) right now. */
    public List<String> missing() {
        return files.stream().filter(f -> !Files.isRegularFile(f)).map(f -> f.getFileName().toString()).toList();
    }

    /** What is shared right now, as announced to the server. */
    public List<FileInfo> list() {
        List<FileInfo> out = new ArrayList<>();
        for (Entry e : scan().values()) {
            try {
                BasicFileAttributes a = Files.readAttributes(e.path(), BasicFileAttributes.class);
                out.add(new FileInfo(e.name(), a.size(), a.lastModifiedTime().toMillis()));
            } catch (IOException ex) {
                log.debug("cannot stat {}: {}", e.path(), ex.toString());
            }
        }
        return out;
    }

    /**
     * The entry for {@code name}, or the default file (the first configured file, even if it is
     * missing now, so the caller reports it unreadable) when {@code name} is null.
     */
    public Optional<Entry> resolve(String name) {
        List<Path> files = this.files;
        if (name == null) {
            return files.isEmpty() ? Optional.empty()
                    : Optional.of(new Entry(files.get(0).getFileName().toString(), files.get(0), null));
        }
        return Optional.ofNullable(scan().get(name));
    }

    /** Opens an entry for reading after checking it is still what was shared. */
    public FileChannel open(Entry entry) throws IOException {
        Path real = entry.path().toRealPath();
        if (entry.root() != null && !real.startsWith(entry.root().toRealPath())) {
            throw new IOException(entry.name() + " leads out of its shared folder");
        }
        if (!Files.isRegularFile(real)) {
            throw new IOException(entry.name() + " is not a regular file");
        }
        return FileChannel.open(real, StandardOpenOption.READ);
    }

    /** Name to entry, in configuration order; on a name clash the first wins. */
    private Map<String, Entry> scan() {
        List<Path> files = this.files;
        List<Path> dirs = this.dirs;
        Map<String, Entry> out = new LinkedHashMap<>();
        for (Path f : files) {
            if (Files.isRegularFile(f)) {
                out.putIfAbsent(f.getFileName().toString(), new Entry(f.getFileName().toString(), f, null));
            }
        }
        for (Path dir : dirs) {
            scanDir(dir, out);
        }
        return out;
    }

    private void scanDir(Path dir, Map<String, Entry> out) {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir, MAX_DEPTH)) {
            walk.forEach(p -> {
                Path relative = dir.relativize(p);
                if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    String name = publicName(relative);
                    out.putIfAbsent(name, new Entry(name, p, dir));
                } else if (relative.getNameCount() == MAX_DEPTH && Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)
                        && warnedTooDeep.add(p)) {
                    log.warn("not sharing what is inside {}: shared folders are read at most {} levels deep", p, MAX_DEPTH);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            log.warn("cannot list shared folder {}: {}", dir, e.toString());
        }
    }

    /**
     * A file's name for admins: its path below the shared folder with '/' between the folders,
     * whatever this OS separates them with. Other characters are kept as they are (a backslash
     * is an ordinary character in a Linux file name).
     */
    static String publicName(Path relative) {
        StringJoiner name = new StringJoiner("/");
        for (Path part : relative) {
            name.add(part.toString());
        }
        return name.toString();
    }
}

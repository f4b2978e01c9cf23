package io.streamscale.jobs.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.permission.FsPermission;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NioLocalFileSystemTest {
    @TempDir
    java.nio.file.Path dir;

    @Test
    void modeBitsMapToPosixPermissions() {
        assertEquals(PosixFilePermissions.fromString("rw-r--r--"), NioLocalFileSystem.posix((short) 0644));
        assertEquals(PosixFilePermissions.fromString("rwxr-x---"), NioLocalFileSystem.posix((short) 0750));
        assertEquals(PosixFilePermissions.fromString("-w---x--x"), NioLocalFileSystem.posix((short) 0211));
        assertEquals(PosixFilePermissions.fromString("---------"), NioLocalFileSystem.posix((short) 01000));
    }

    @Test
    void filesAndDirectoriesGetTheRequestedPermissionsAndChecksums() throws Exception {
        Configuration conf = new Configuration(false);
        conf.set("fs.file.impl", NioLocalFileSystem.class.getName());
        conf.setBoolean("fs.file.impl.disable.cache", true);
        conf.set("fs.permissions.umask-mode", "022");
        FileSystem fs = FileSystem.get(dir.toUri(), conf);
        assertInstanceOf(NioLocalFileSystem.class, fs);

        Path sub = new Path(dir.toUri().toString(), "a/b");
        fs.mkdirs(sub, new FsPermission((short) 0750));
        assertEquals("rwxr-x---", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("a/b"))));

        Path file = new Path(sub, "part-0");
        try (FSDataOutputStream out =
                fs.create(file, new FsPermission((short) 0640), true, 4096, (short) 1, 1 << 20, null)) {
            out.write(new byte[] {1, 2, 3});
        }
        assertEquals(
                "rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("a/b/part-0"))));
        assertEquals(3, Files.size(dir.resolve("a/b/part-0")));
        // still Hadoop's checksummed local file system: a .crc beside the file, and the data reads back verified
        assertEquals(true, Files.exists(dir.resolve("a/b/.part-0.crc")));
        try (var in = fs.open(file)) {
            assertEquals(2, in.readAllBytes()[1]);
        }
        assertEquals(true, fs.rename(file, new Path(sub, "part-1")));
        assertEquals(true, Files.exists(dir.resolve("a/b/part-1")));
    }
}

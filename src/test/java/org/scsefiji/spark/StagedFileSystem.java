package org.scsefiji.spark;

import java.net.URI;
import org.apache.hadoop.fs.RawLocalFileSystem;

/**
 * The local disk under another scheme ({@code staged:///tmp/x}): a file system that is not {@code file:}, so that
 * the job takes the road of hdfs: and s3a: (copy in, segment, upload under a temporary name, rename) without a
 * cluster. Registered with {@code spark.hadoop.fs.staged.impl}.
 */
public final class StagedFileSystem extends RawLocalFileSystem {
    @Override
    public URI getUri() {
        return URI.create("staged:///");
    }

    @Override
    public String getScheme() {
        return "staged";
    }
}

/**
 * The command line's {@code segment} as an Apache Spark batch job (target/scse-spark.jar, built by the
 * {@code spark} Maven profile; Spark is provided by the cluster): {@link org.scsefiji.spark.SegmentJob} on the
 * driver lists the inputs through Hadoop's file systems, skips what is done and writes summary.csv;
 * {@code SegmentPartition} on the executors runs the command line's per-file code ({@code imagej.FileSegmentation}
 * in a one-file {@code batch.FolderBatch}) with one engine per core from the broadcast model
 * ({@code ExecutorModels}), and publishes the outputs whole ({@code HadoopFiles}). The options are the command
 * line's ({@code options.Operations.SEGMENT_FOLDER}, read by {@code cli.Flags}) plus master and partitions.
 * Compiled only in that profile: nothing else may depend on this package.
 */
package org.scsefiji.spark;

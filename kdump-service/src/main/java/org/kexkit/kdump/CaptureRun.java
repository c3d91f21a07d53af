package org.kexkit.kdump;

import java.time.Clock;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.kexkit.dump.io.SafeOutputFile;

/**
 * One capture, in kdump-tools' order: the dump directory, the kernel log first (it alone survives a dump that
 * fails), the dump, the result record, then the retention of the newest dumps. Every step's failure is kept
 * and the next step still runs; the result says what the capture environment's init does next.
 */
public final class CaptureRun {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ISO_LOCAL_DATE_TIME;

    /**
     * What the capture did.
     *
     * @param record   the result record (also written as the status file unless {@code problems} says otherwise)
     * @param deleted  dump directories removed by the retention
     * @param problems what failed, one line each, for the console
     */
    public record Result(DumpRecord record, AfterAction action, List<String> deleted, List<String> problems) {
        public boolean ok() {
            return record.result() == DumpRecord.Result.OK;
        }
    }

    private final KdumpConfig config;
    private final Clock clock;
    private final Function<Exception, String> wording;

    /** {@code wording}: the one-line text of a failure (the cli's). */
    public CaptureRun(KdumpConfig config, Clock clock, Function<Exception, String> wording) {
        this.config = config;
        this.clock = clock;
        this.wording = wording;
    }

    public Result run(DumpStore store, CaptureDumper dumper, String host) {
        LocalDateTime started = LocalDateTime.now(clock).withNano(0);
        String name = DumpNaming.directory(host, started);
        List<String> problems = new ArrayList<>();
        try {
            store.createDirectory(name);
        } catch (Exception e) {
            String why = "cannot make the dump directory " + name + " in " + store.describe() + ": " + wording.apply(e);
            problems.add(why);
            return new Result(record(DumpRecord.Result.FAILED, name, started, "not written (no directory)", why),
                    config.failureAction(), List.of(), problems);
        }
        String dmesg = "ok";
        try {
            store.writeFile(name, DumpNaming.DMESG, dumper.kernelLog());
        } catch (Exception e) {
            dmesg = "failed: " + wording.apply(e);
            problems.add("the kernel log (" + DumpNaming.DMESG + ") was not written: " + wording.apply(e));
        }
        String dump;
        DumpRecord.Result result;
        try {
            dump = "ok: " + store.writeDump(name, dumper);
            result = DumpRecord.Result.OK;
        } catch (Exception | OutOfMemoryError e) {
            // out of memory too (the capture kernel has little): the log is saved already, and the
            // record and the failure action still follow
            String why = e instanceof Exception x ? wording.apply(x) : SafeOutputFile.describeStop(e);
            dump = "failed: " + why;
            result = DumpRecord.Result.FAILED;
            problems.add("the dump was not written: " + why);
        }
        DumpRecord record = record(result, name, started, dmesg, dump);
        try {
            store.writeFile(name, DumpNaming.STATUS, record.bytes());
        } catch (Exception e) {
            problems.add("the result record (" + DumpNaming.STATUS + ") was not written: " + wording.apply(e));
        }
        List<String> deleted = new ArrayList<>();
        if (result == DumpRecord.Result.OK) {
            try {
                for (String old : Retention.toDelete(store.list(), config.keep(), name)) {
                    store.delete(old);
                    deleted.add(old);
                }
            } catch (Exception e) {
                problems.add("keep " + config.keep() + ": older dumps not removed: " + wording.apply(e));
            }
        }
        return new Result(record, record.result() == DumpRecord.Result.OK ? config.finalAction() : config.failureAction(),
                deleted, problems);
    }

    private DumpRecord record(DumpRecord.Result result, String name, LocalDateTime started, String dmesg, String dump) {
        AfterAction action = result == DumpRecord.Result.OK ? config.finalAction() : config.failureAction();
        return new DumpRecord(result, name, TIME.format(started), TIME.format(LocalDateTime.now(clock).withNano(0)),
                config.dumpLevel(), config.compression().word(), dmesg, dump, action.word());
    }
}

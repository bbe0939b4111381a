package dev.cpx.web.config;

import dev.cpx.web.config.DataFolderLockCheck.DataFolderInUseException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns "the H2 file is locked" into what a person starting CPX can do about it. */
public final class DataFolderInUseFailureAnalyzer extends AbstractFailureAnalyzer<DataFolderInUseException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, DataFolderInUseException cause) {
        return new FailureAnalysis("CPX is already running with this data folder (" + cause.folder() + ").",
                "Stop the other copy, or set CPX_DATA_DIR=<another folder> to run a second one with its own data.",
                cause);
    }
}

package org.scsefiji.engine;

/** The PyTorch engine cannot run here; the message says why in words a user can act on. */
public class EngineUnavailableException extends RuntimeException {
    public EngineUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}

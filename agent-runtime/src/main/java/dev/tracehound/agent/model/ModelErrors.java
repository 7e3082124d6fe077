package dev.tracehound.agent.model;

import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.http.HttpTimeoutException;
import java.util.concurrent.TimeoutException;

/**
 * Turns whatever a provider's client threw into a {@link ModelException}, deciding whether the
 * same call may succeed later: rate limits, server errors, timeouts and broken connections may.
 */
final class ModelErrors {

    private ModelErrors() {}

    static ModelException toModelException(Throwable error) {
        if (error instanceof ModelException modelException) {
            return modelException;
        }
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            Integer status = httpStatus(cause);
            if (status != null) {
                return new ModelException("model provider answered HTTP " + status + ": " + cause.getMessage(),
                        isRetryableStatus(status), error);
            }
            if (isTransient(cause)) {
                return new ModelException("model call failed before an answer: " + describe(cause), true, error);
            }
        }
        return new ModelException("model call failed: " + describe(error), false, error);
    }

    static boolean isRetryableStatus(int status) {
        return status == 408 || status == 429 || status >= 500;
    }

    private static Integer httpStatus(Throwable error) {
        return switch (error) {
            case com.openai.errors.OpenAIServiceException e -> e.statusCode();
            case com.anthropic.errors.AnthropicServiceException e -> e.statusCode();
            case dev.langchain4j.exception.HttpException e -> e.statusCode();
            default -> null;
        };
    }

    private static boolean isTransient(Throwable error) {
        return error instanceof com.openai.errors.OpenAIIoException
                || error instanceof com.openai.errors.OpenAIRetryableException
                || error instanceof com.anthropic.errors.AnthropicIoException
                || error instanceof com.anthropic.errors.AnthropicRetryableException
                || error instanceof dev.langchain4j.exception.RetriableException
                || error instanceof InterruptedIOException // includes SocketTimeoutException
                || error instanceof HttpTimeoutException
                || error instanceof TimeoutException
                || error instanceof ConnectException;
    }

    private static String describe(Throwable error) {
        return error.getMessage() == null ? error.getClass().getSimpleName()
                : error.getClass().getSimpleName() + ": " + error.getMessage();
    }
}

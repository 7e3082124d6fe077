package dev.tracehound.agent.model;

import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.util.concurrent.TimeoutException;

import org.springframework.web.client.RestClientResponseException;
import org.springframework.web.reactive.function.client.WebClientResponseException;

/**
 * Turns whatever a provider's client threw into a {@link ModelException}, deciding whether the
 * same call may succeed later: rate limits, server errors, timeouts and broken connections may.
 * {@link #explain} then says which setting a misconfiguration points at.
 */
final class ModelErrors {

    private static final int QUOTED_LENGTH = 200;

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

    /**
     * The failure told as what to fix: an endpoint that does not answer names the base URL
     * setting, a refused key the key setting, a 404 the model setting. Any other failure is
     * returned as it is.
     */
    static ModelException explain(ModelException failure, ModelSettings settings) {
        String provider = "the model provider at " + settings.endpoint();
        ModelSettings.SettingNames names = settings.names();
        for (Throwable cause = failure.getCause(); cause != null; cause = cause.getCause()) {
            Integer status = httpStatus(cause);
            if (status != null) {
                return switch (status) {
                    case 401, 403 -> new ModelException(settings.apiKey() == null
                            ? provider + " wants a key (" + status + "): set " + names.apiKey()
                            : provider + " refused the key (" + status + "): check " + names.apiKey(), false, failure);
                    case 404 -> new ModelException(provider + " does not know model '" + settings.model()
                            + "' (404): check " + names.model() + ", or that " + names.baseUrl()
                            + " is the provider's API root" + said(cause), false, failure);
                    default -> failure;
                };
            }
            if (isUnreachable(cause)) {
                return new ModelException(provider + " did not answer (" + unreachableReason(cause) + "): check " + names.baseUrl()
                        + ", and that the server is running", true, failure);
            }
        }
        return failure;
    }

    static boolean isRetryableStatus(int status) {
        return status == 408 || status == 429 || status >= 500;
    }

    private static Integer httpStatus(Throwable error) {
        return switch (error) {
            case com.openai.errors.OpenAIServiceException e -> e.statusCode();
            case com.anthropic.errors.AnthropicServiceException e -> e.statusCode();
            case dev.langchain4j.exception.HttpException e -> e.statusCode();
            case WebClientResponseException e -> e.getStatusCode().value();
            case RestClientResponseException e -> e.getStatusCode().value();
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
                || error instanceof ConnectException
                || error instanceof UnknownHostException;
    }

    /** Nothing answered at that address: refused, no route, no such host, or no connection in time. */
    private static boolean isUnreachable(Throwable error) {
        return error instanceof ConnectException
                || error instanceof NoRouteToHostException
                || error instanceof UnknownHostException
                || error instanceof UnresolvedAddressException
                || error instanceof HttpConnectTimeoutException;
    }

    private static String unreachableReason(Throwable error) {
        if (error.getMessage() != null && !error.getMessage().isBlank()) {
            return error.getMessage();
        }
        return switch (error) {
            case UnknownHostException _, UnresolvedAddressException _ -> "unknown host";
            case HttpConnectTimeoutException _ -> "no connection in time";
            default -> "connection refused";
        };
    }

    /** What the provider said about it, when it said something short enough to quote. */
    private static String said(Throwable error) {
        String body = switch (error) {
            case WebClientResponseException e -> e.getResponseBodyAsString();
            case RestClientResponseException e -> e.getResponseBodyAsString();
            default -> error.getMessage();
        };
        if (body == null || body.isBlank()) {
            return "";
        }
        String oneLine = body.strip().replaceAll("\\s+", " ");
        return "; the provider said: " + (oneLine.length() > QUOTED_LENGTH ? oneLine.substring(0, QUOTED_LENGTH) + "…" : oneLine);
    }

    private static String describe(Throwable error) {
        return error.getMessage() == null ? error.getClass().getSimpleName()
                : error.getClass().getSimpleName() + ": " + error.getMessage();
    }
}

package io.phoenix.node.daemon;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The CLI side of the control API: finds {@code <home>/control.json} and calls the running daemon. */
public final class ControlClient {
    /** A reply: HTTP status and JSON body. */
    public record Reply(int status, String body) {
        public boolean ok() {
            return status == 200;
        }
    }

    private static final Pattern FIELD = Pattern.compile("\"(url|token)\":\"([^\"]*)\"");

    private final String url;
    private final String token;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private ControlClient(String url, String token) {
        this.url = url;
        this.token = token;
    }

    /** A client for the daemon of {@code home}, or empty when no daemon has published its control file. */
    public static Optional<ControlClient> of(Path home) throws IOException {
        Path f = home.resolve(ControlServer.FILE);
        if (!Files.exists(f)) return Optional.empty();
        String text = Files.readString(f, StandardCharsets.UTF_8);
        String url = null;
        String token = null;
        Matcher m = FIELD.matcher(text);
        while (m.find()) {
            if (m.group(1).equals("url")) url = m.group(2);
            else token = m.group(2);
        }
        if (url == null || token == null) throw new IOException(f + " is not a control file (no url/token)");
        return Optional.of(new ControlClient(url, token));
    }

    public Reply get(String path) throws IOException {
        return send(HttpRequest.newBuilder(URI.create(url + path)).GET());
    }

    public Reply post(String path) throws IOException {
        return send(HttpRequest.newBuilder(URI.create(url + path)).POST(HttpRequest.BodyPublishers.noBody()));
    }

    private Reply send(HttpRequest.Builder b) throws IOException {
        try {
            HttpResponse<String> r = http.send(b.header("Authorization", "Bearer " + token).timeout(Duration.ofMinutes(30)).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Reply(r.statusCode(), r.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (ConnectException e) {
            throw new IOException("no daemon answers at " + url + " (stale control.json? is 'phoenix node run' running?)", e);
        }
    }
}

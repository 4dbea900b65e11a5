package org.custodyledger.cli;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.custodyledger.service.Role;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code token}: prints a development bearer token for a role, signed by the (sample) issuer key. */
@Command(name = "token", mixinStandardHelpOptions = true,
        description = {"Print a development bearer token (EdDSA JWT) for the API.",
                "Signed with the PUBLIC sample issuer key unless --issuer-key is given: for trying the service, "
                        + "never for real evidence."})
final class TokenCommand implements Callable<Integer> {
    private static final Pattern TTL = Pattern.compile("(\\d{1,6})([smhd])");

    @Spec
    CommandSpec spec;

    @Option(names = "--role", required = true, split = ",",
            description = "officer, reviewer, oversight or admin; repeat or separate with commas for several.")
    List<String> roles;

    @Option(names = "--subject", required = true, description = "The actor id ('sub'), e.g. a badge number.")
    String subject;

    @Option(names = "--ttl", defaultValue = "8h", description = "Lifetime: <n>s|m|h|d (default ${DEFAULT-VALUE}).")
    String ttl;

    @Option(names = "--name", description = "Display name ('name' claim).")
    String name;

    @Option(names = "--unit", description = "Unit or agency ('unit' claim).")
    String unit;

    @Option(names = "--issuer", description = "'iss' claim, for a service started with --token-issuer.")
    String issuer;

    @Option(names = "--audience", description = "'aud' claim, for a service started with --token-audience.")
    String audience;

    @Option(names = "--issuer-key", description = "Issuer's Ed25519 PKCS#8 PEM private key (default: the sample key).")
    Path issuerKey;

    @Override
    public Integer call() throws Exception {
        JsonArray roleClaims = new JsonArray();
        for (String r : roles) {
            if (Role.fromClaim(r.trim()) == null) {
                throw new ParameterException(spec.commandLine(), "unknown role '" + r + "': use officer, reviewer, "
                        + "oversight or admin");
            }
            roleClaims.add(r.trim());
        }
        if (subject.isBlank()) {
            throw new ParameterException(spec.commandLine(), "--subject must not be blank");
        }
        long now = Instant.now().getEpochSecond();
        JsonObject claims = new JsonObject().put("sub", subject).put("roles", roleClaims)
                .put("iat", now).put("exp", now + lifetime().toSeconds());
        putIfPresent(claims, "name", name);
        putIfPresent(claims, "unit", unit);
        putIfPresent(claims, "iss", issuer);
        putIfPresent(claims, "aud", audience);
        String pem = issuerKey == null ? DevTokens.samplePrivateKey()
                : Files.readString(issuerKey, StandardCharsets.US_ASCII);
        spec.commandLine().getOut().println(DevTokens.sign(pem, claims));
        spec.commandLine().getOut().flush();
        return 0;
    }

    private Duration lifetime() {
        Matcher m = TTL.matcher(ttl);
        if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
            throw new ParameterException(spec.commandLine(), "--ttl must be a positive <n>s, <n>m, <n>h or <n>d, got '"
                    + ttl + "'");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
    }

    private static void putIfPresent(JsonObject claims, String key, String value) {
        if (value != null && !value.isBlank()) {
            claims.put(key, value);
        }
    }
}

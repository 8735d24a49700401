package dev.provenant.recorder.run;

import dev.provenant.artifacts.Digest;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The skip-unchanged cache key of a step, computed before it runs: SHA-256 over the code snapshot,
 * the input digests by name, the parameters, the environment fingerprint and the command line.
 */
public final class CacheKey {

    private CacheKey() {}

    public static String of(
            String codeSnapshot,
            List<StoredPath> inputs,
            Map<String, String> params,
            Map<String, String> environment,
            List<String> command) {
        StringBuilder sb = new StringBuilder("provenant-cache-key 1\n");
        sb.append("code ").append(codeSnapshot).append('\n');
        Map<String, String> ins = new TreeMap<>();
        inputs.forEach(i -> ins.put(i.name(), i.digest()));
        ins.forEach((k, v) -> sb.append("input ")
                .append(k.length())
                .append(':')
                .append(k)
                .append(' ')
                .append(v)
                .append('\n'));
        new TreeMap<>(params)
                .forEach((k, v) -> sb.append("param ")
                        .append(k.length())
                        .append(':')
                        .append(k)
                        .append(' ')
                        .append(v.length())
                        .append(':')
                        .append(v)
                        .append('\n'));
        new TreeMap<>(environment)
                .forEach((k, v) ->
                        sb.append("env ").append(k).append('=').append(v).append('\n'));
        for (String arg : command) {
            sb.append("arg ").append(arg.length()).append(':').append(arg).append('\n');
        }
        return Digest.ofUtf8(sb.toString()).toString();
    }
}

package org.auditedrecords.terraform;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The compliance console as APIM serves it (console.tf): every file of compliance-console/ is an operation of a
 * key-less API whose policy returns the file verbatim, which holds only if no file contains what APIM would
 * rewrite in a policy; and the page keeps no data and no key beyond itself.
 */
class ConsoleHostingTest {
    private static final Path CONSOLE = Repo.ROOT.resolve("compliance-console");
    private static final Pattern FILE = Pattern.compile("file\\s*=\\s*\"([^\"]+)\"");

    @Test
    void consoleApi_servesEveryConsoleFileWithoutASubscriptionKey() throws IOException {
        TerraformModule root = TerraformModule.load(Repo.ENV);
        HclBlock api = root.resource("azurerm_api_management_api", "console").orElseThrow();

        assertThat(api.literal("subscription_required")).contains("false");
        assertThat(api.literal("path")).contains("console");
        assertThat(served(root)).isEqualTo(consoleFiles());
    }

    @Test
    void consoleApi_fileLeftOutOfTheTable_differs(@TempDir Path temp) throws IOException {
        Path weakened = WeakenedCopy.of(temp, "env-terraform/console.tf",
                "    style  = { url = \"/console.css\", file = \"console.css\", content_type = \"text/css; charset=utf-8\" }\n", "");

        assertThat(served(TerraformModule.load(weakened))).isNotEqualTo(consoleFiles());
    }

    @Test
    void consoleFiles_holdNothingApimWouldRewriteInAPolicy() throws IOException {
        for (String name : consoleFiles()) {
            String text = Files.readString(CONSOLE.resolve(name));
            assertThat(text).as(name).doesNotContain("{{").doesNotContain("]]>");
            assertThat(text.stripLeading()).as(name).doesNotStartWith("@");
        }
    }

    @Test
    void consoleScript_keepsNoDataAndNoKeyBeyondThePage() throws IOException {
        String script = Files.readString(CONSOLE.resolve("console.js"));

        assertThat(script).doesNotContain("localStorage", "sessionStorage", "indexedDB", "document.cookie",
                "subscription-key", "innerHTML", "eval(");
        assertThat(script).contains("\"Ocp-Apim-Subscription-Key\"", "cache: \"no-store\"", "credentials: \"omit\"");
    }

    private static Set<String> served(TerraformModule root) {
        Set<String> files = new TreeSet<>();
        Matcher m = FILE.matcher(root.locals().get("console_files"));
        while (m.find()) {
            files.add(m.group(1));
        }
        return files;
    }

    private static Set<String> consoleFiles() throws IOException {
        try (Stream<Path> files = Files.list(CONSOLE)) {
            Set<String> names = new TreeSet<>();
            files.map(p -> p.getFileName().toString()).filter(n -> !n.equals("headers.json") && !n.endsWith(".md"))
                    .forEach(names::add);
            return names;
        }
    }
}

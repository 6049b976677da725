package com.meter.siem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * README.md is the front door and docs/ holds the reference: every relative link and #anchor of README.md and
 * docs/*.md leads to a file and heading that exist (GitHub's anchor rules), the README stays a few screens long,
 * and it keeps what a new user runs first.
 */
class DocLinksTest {
    /** A few screens: what a new user needs on the first day. Reference material belongs in docs/. */
    static final int README_LINE_BUDGET = 225;

    private static final Path ROOT = Path.of("");
    private static final Path README = Path.of("README.md");
    private static final Path FOLDER_MAP = Path.of("docs", "testing.md");
    private static final Pattern FENCE = Pattern.compile("^\\s*(```|~~~)");
    private static final Pattern HEADING = Pattern.compile("^#{1,6}\\s+(.*?)\\s*#*\\s*$");
    private static final Pattern CODE_SPAN = Pattern.compile("`[^`]*`");
    private static final Pattern LINK = Pattern.compile("\\[([^\\]]*)\\]\\(([^)\\s]*)(?:\\s+\"[^\"]*\")?\\)");
    private static final Pattern SCHEME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*:");

    @Test
    void links_whenReadmeAndDocsRead_allResolveToAFileAndHeading() {
        assertEquals(List.of(), broken(ROOT, documents()));
    }

    @Test
    void broken_whenLinksNameAMissingFileOrHeading_listsEachOfThem(@TempDir Path root) throws IOException {
        Files.createDirectories(root.resolve("docs"));
        Files.writeString(root.resolve("README.md"), """
                # Front door

                ## Deploy, and: what remains

                [fine](docs/a.md#the-checkers-own-health) [fine too](#deploy-and-what-remains) [web](https://example.com/x)
                [no file](docs/missing.md) and [no heading](docs/a.md#nothing-here) and [no local heading](#nowhere)
                `[in code](not-checked.md)`

                ```bash
                # not a heading
                [in a fence](not-checked-either.md)
                ```
                """);
        Files.writeString(root.resolve("docs/a.md"), """
                # A page

                What it is for ([README](../README.md#deploy-and-what-remains)).

                ## The checker's own health

                [up](../README.md#not-a-heading) ![picture](missing.png)
                """);

        List<String> broken = broken(root, List.of(root.resolve("README.md"), root.resolve("docs/a.md")));

        assertEquals(List.of(
                "README.md: [no file](docs/missing.md): no such file",
                "README.md: [no heading](docs/a.md#nothing-here): no heading with that anchor",
                "README.md: [no local heading](#nowhere): no heading with that anchor",
                "docs/a.md: [up](../README.md#not-a-heading): no heading with that anchor",
                "docs/a.md: [picture](missing.png): no such file"), broken);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "Environments: dev, staging, prod | environments-dev-staging-prod",
            "Removing the stack, and what remains | removing-the-stack-and-what-remains",
            "The checker's own health | the-checkers-own-health",
            "`ShardLevelMetrics` and **ALL** | shardlevelmetrics-and-all",
            "Read [the logs](docs/local.md) first | read-the-logs-first",
            "snake_case, C++ and 3.11 | snake_case-c-and-311",
            "Two  spaces | two--spaces"})
    void anchor_whenHeadingHasPunctuationCodeOrLinks_followsGitHubsRules(String heading, String anchor) {
        assertEquals(anchor, anchor(heading));
    }

    @Test
    void anchors_whenAHeadingRepeats_numberTheRepeatsAsGitHubDoes() {
        assertEquals(Set.of("tests", "tests-1", "tests-2"), anchors(List.of("## Tests", "### Tests", "## Tests")));
    }

    @Test
    void readme_whenCounted_staysWithinItsLineBudget() throws IOException {
        int lines = Files.readAllLines(README).size();

        assertTrue(lines <= README_LINE_BUDGET, "README.md has " + lines + " lines, more than its budget of "
                + README_LINE_BUDGET + ": move reference material into docs/ and link it");
    }

    @Test
    void docsPages_whenRead_sayWhatTheyAreForAndLinkBackToTheReadme() {
        for (Path page : documents().subList(1, documents().size())) {
            String firstParagraph = read(page).lines().filter(line -> !line.isBlank() && !line.startsWith("#"))
                    .findFirst().orElse("");

            assertTrue(firstParagraph.contains("](../README.md)"), page + " should start with one line saying what"
                    + " it is for, linking back to the README; it starts with: " + firstParagraph);
        }
    }

    /** The folder map names only what is in the folder: each entry's path, its parent for indented ones. */
    @Test
    void folderMap_whenRead_namesOnlyPathsThatExist() {
        String page = read(FOLDER_MAP);
        int start = page.indexOf("```\n", page.indexOf("## What is in this folder")) + 4;
        List<String> missing = new ArrayList<>();
        Path parent = ROOT;
        for (String line : page.substring(start, page.indexOf("\n```", start)).lines().toList()) {
            if (line.isBlank() || line.startsWith("    ")) {
                continue; // a description's next line
            }
            boolean nested = line.startsWith(" ");
            for (String name : line.strip().split("\\s{2,}")[0].split(" ")) {
                Path path = (nested ? parent : ROOT).resolve(name);
                if (!name.contains("*") && !Files.exists(path)) {
                    missing.add(path.toString());
                }
                if (!nested) {
                    parent = path;
                }
            }
        }

        assertTrue(start > 4, "no folder map in " + FOLDER_MAP);
        assertEquals(List.of(), missing);
    }

    /** CI (.ci/run) runs the README's test command; a new user runs its deploy command. */
    @Test
    void readme_whenRead_keepsTheTestCommandAndTheDeployCommand() {
        String readme = read(README);

        assertTrue(readme.contains("```bash\nmvn verify\n```\n"), "the test command");
        assertTrue(readme.contains("```bash\nsam build && sam deploy --guided\n```\n"), "the deploy command");
    }

    @Test
    void readme_whenRead_namesEveryStackOutput() throws IOException {
        JsonNode outputs = transformedTemplate().path("Outputs");
        String readme = read(README);
        Set<String> missing = new TreeSet<>();
        outputs.fieldNames().forEachRemaining(name -> {
            if (!readme.contains("`" + name + "`")) {
                missing.add(name);
            }
        });

        assertTrue(outputs.size() > 0, "no outputs read from the template");
        assertEquals(Set.of(), missing);
    }

    /** The external ID lives in the stack's region; without --region the command reads the CLI's default one. */
    @Test
    void externalIdCommand_whenTemplateAndReadmeRead_namesTheStacksRegion() throws IOException {
        String command = transformedTemplate().at("/Outputs/ExternalIdCommand/Value/Fn::Sub").asText();
        String readme = read(README);
        int shown = readme.indexOf("aws secretsmanager get-secret-value");

        assertTrue(command.contains("--region ${AWS::Region}"), command);
        assertTrue(shown >= 0, "the README shows the ExternalIdCommand");
        assertTrue(readme.substring(shown, readme.indexOf("```", shown)).contains("--region"),
                "the README's ExternalIdCommand names the region");
    }

    /** README.md, then docs/*.md in name order. */
    private static List<Path> documents() {
        List<Path> documents = new ArrayList<>(List.of(README));
        try (Stream<Path> docs = Files.list(Path.of("docs"))) {
            docs.filter(file -> file.toString().endsWith(".md")).sorted().forEach(documents::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return documents;
    }

    /** Every relative link of FILES whose file or heading does not exist, as "file: [text](target): why". */
    static List<String> broken(Path root, List<Path> files) {
        Map<Path, Set<String>> anchorsByFile = new HashMap<>();
        List<String> broken = new ArrayList<>();
        for (Path file : files) {
            for (String line : prose(read(file))) {
                Matcher link = LINK.matcher(CODE_SPAN.matcher(line).replaceAll(""));
                while (link.find()) {
                    String target = link.group(2);
                    if (SCHEME.matcher(target).find()) {
                        continue;
                    }
                    int hash = target.indexOf('#');
                    String path = hash < 0 ? target : target.substring(0, hash);
                    Path linked = path.isEmpty() ? file : file.toAbsolutePath().getParent().resolve(path).normalize();
                    String problem = null;
                    if (!Files.exists(linked)) {
                        problem = "no such file";
                    } else if (hash >= 0 && !anchorsByFile.computeIfAbsent(linked,
                            markdown -> Files.isRegularFile(markdown) ? anchors(prose(read(markdown))) : Set.of())
                            .contains(target.substring(hash + 1))) {
                        problem = "no heading with that anchor";
                    }
                    if (problem != null) {
                        broken.add("%s: [%s](%s): %s".formatted(
                                root.toAbsolutePath().relativize(file.toAbsolutePath()).toString().replace('\\', '/'),
                                link.group(1), target, problem));
                    }
                }
            }
        }
        return broken;
    }

    /** The lines of TEXT outside fenced code blocks, where links and headings are Markdown. */
    private static List<String> prose(String text) {
        List<String> prose = new ArrayList<>();
        boolean fenced = false;
        for (String line : text.lines().toList()) {
            if (FENCE.matcher(line).find()) {
                fenced = !fenced;
            } else if (!fenced) {
                prose.add(line);
            }
        }
        return prose;
    }

    /** The anchors GitHub gives the headings of LINES: a repeated one gets -1, -2, ... */
    static Set<String> anchors(List<String> lines) {
        Set<String> anchors = new LinkedHashSet<>();
        Map<String, Integer> seen = new HashMap<>();
        for (String line : lines) {
            Matcher heading = HEADING.matcher(line);
            if (heading.matches()) {
                String anchor = anchor(heading.group(1));
                int repeats = seen.merge(anchor, 1, Integer::sum) - 1;
                anchors.add(repeats == 0 ? anchor : anchor + "-" + repeats);
            }
        }
        return anchors;
    }

    /**
     * GitHub's anchor for a heading: its text as rendered (a link's text, no markup), lower case, with every
     * character but letters, digits, spaces, hyphens and underscores dropped, and each space made a hyphen.
     */
    static String anchor(String heading) {
        String text = heading.replaceAll("\\[([^\\]]*)\\]\\([^)]*\\)", "$1").replaceAll("<[^>]+>", "");
        StringBuilder anchor = new StringBuilder();
        text.toLowerCase(Locale.ROOT).codePoints().forEach(c -> {
            if (c == ' ') {
                anchor.append('-');
            } else if (Character.isLetterOrDigit(c) || c == '-' || c == '_') {
                anchor.appendCodePoint(c);
            }
        });
        return anchor.toString();
    }

    private static JsonNode transformedTemplate() throws IOException {
        return new ObjectMapper().readTree(Path.of("target", "template.transformed.json").toFile());
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

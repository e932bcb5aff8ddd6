package io.couchrepl.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.couchrepl.spi.Target;
import java.io.IOException;
import java.io.StringWriter;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.stream.Collectors;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every Java example in the README and the guides compiles against the code as it is: a class is
 * compiled as it stands, a fragment as the body of a method that has {@code source}, {@code target}
 * and {@code password} at hand; the listing of the {@code Target} interface names exactly its methods.
 */
class DocsExamplesTest {

    private static final List<String> DOCUMENTS = List.of(
            "README.md", "docs/replication-guide.md", "docs/target-spi.md", "docs/local-edits.md");
    private static final Pattern JAVA = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL);
    private static final String IMPORTS = Stream.of(
                    "io.couchrepl", "io.couchrepl.spi", "io.couchrepl.protocol", "io.couchrepl.memory",
                    "io.couchrepl.store", "io.couchrepl.http", "io.couchrepl.mirror", "java.io", "java.nio.file",
                    "java.util", "java.time")
            .map(p -> "import " + p + ".*;\n").collect(Collectors.joining());

    @TempDir
    Path out;

    @Test
    void everyJavaExampleCompiles() throws Exception {
        List<JavaFileObject> sources = new ArrayList<>();
        int listings = 0;
        for (String document : DOCUMENTS) {
            Matcher block = JAVA.matcher(Files.readString(root().resolve(document)));
            while (block.find()) {
                String code = block.group(1);
                String name = "Example" + sources.size();
                if (code.startsWith("public interface Target")) {
                    assertListsEveryMethodOfTarget(code);
                    listings++;
                } else if (Pattern.compile("^(final )?class (\\w+)", Pattern.MULTILINE).matcher(code).find()) {
                    Matcher declared = Pattern.compile("class (\\w+)").matcher(code);
                    declared.find();
                    sources.add(source(declared.group(1), IMPORTS + code));
                } else {
                    String body = code.lines().filter(line -> !line.strip().equals("..."))
                            .collect(Collectors.joining("\n"));
                    sources.add(source(name, IMPORTS + "class " + name + " {\n"
                            + "    void run(" + givenFor(body) + ") throws Exception {\n" + body + "\n    }\n}\n"));
                }
            }
        }
        assertThat(sources).as("examples found").hasSizeGreaterThanOrEqualTo(5);
        assertThat(listings).isEqualTo(1);

        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        StringWriter errors = new StringWriter();
        boolean compiled = compiler.getTask(errors, null, null,
                List.of("-d", out.toString(), "-classpath", System.getProperty("java.class.path"), "-proc:none"),
                null, sources).call();
        assertThat(compiled).as(errors.toString()).isTrue();
    }

    /** What a fragment uses without declaring it: the source, the target, a password. */
    private static String givenFor(String body) {
        List<String> given = new ArrayList<>();
        for (String[] variable : new String[][] {{"Source", "source"}, {"Target", "target"}, {"String", "password"}, {"Path", "dir"}}) {
            boolean declared = Pattern.compile("\\b[A-Z]\\w*\\s+" + variable[1] + "\\s*=").matcher(body).find();
            if (!declared && Pattern.compile("\\b" + variable[1] + "\\b").matcher(body).find()) {
                given.add(variable[0] + " " + variable[1]);
            }
        }
        return String.join(", ", given);
    }

    private static void assertListsEveryMethodOfTarget(String listing) {
        Set<String> listed = new TreeSet<>();
        Matcher method = Pattern.compile("(\\w+)\\(").matcher(listing);
        while (method.find()) {
            listed.add(method.group(1));
        }
        Set<String> declared = Arrays.stream(Target.class.getDeclaredMethods()).map(Method::getName)
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(listed).as("the methods docs/target-spi.md lists").isEqualTo(declared);
    }

    private static JavaFileObject source(String className, String code) {
        return new SimpleJavaFileObject(
                java.net.URI.create("string:///" + className + JavaFileObject.Kind.SOURCE.extension),
                JavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                return code;
            }
        };
    }

    /** The project root: the directory at or above the module's that holds the docs. */
    private static Path root() throws IOException {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("docs/target-spi.md"))) {
                return dir;
            }
        }
        throw new IOException("no docs/target-spi.md at or above " + Path.of("").toAbsolutePath());
    }
}

package org.scsefiji.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SummaryCommandTest {
    /** TMI Table I: U-Net, 64 channels, P5, r = 2. */
    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource({"cse, 32768", "sse, 512", "scse, 33280"})
    void reproducesTheSeCostOfTmiTableI(String se, long weights) {
        String out = run(0, "summary", "--arch", "unet", "--se", se, "--aggregation", "max", "--positions", "P5",
                "--reduction", "2", "--classes", "10");
        String last = out.strip().substring(out.strip().lastIndexOf('\n') + 1);
        assertTrue(last.startsWith("se_weights=" + weights + " total_params="), last);
        assertTrue(last.matches("se_weights=\\d+ total_params=\\d+ increase_percent=\\d+\\.\\d+"), last);
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
        "summary --se bogus | 'bogus'",
        "summary --arch resnet | 'resnet'",
        "summary --positions P9 | 'P9'",
        "summary --reduction zero | 'zero'",
        "summary --colour red | '--colour'",
        "segmentify | 'segmentify'"})
    void badOptionsAreNamedWithExitCode2(String line, String named) {
        String err = run(2, line.split(" "));
        assertTrue(err.contains(named), err);
    }

    /** Runs Main and returns stdout on success, stderr otherwise, checking the exit code. */
    private static String run(int expectedCode, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        String o = out.toString(StandardCharsets.UTF_8);
        String e = err.toString(StandardCharsets.UTF_8);
        assertEquals(expectedCode, code, o + e);
        return code == 0 ? o : e;
    }
}

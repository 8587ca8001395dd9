package org.scsefiji.updatesite;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.zip.GZIPInputStream;
import javax.xml.parsers.SAXParserFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import org.xml.sax.XMLReader;

class UpdateSiteIndexTest {
    @TempDir
    Path dir;

    /** Every element and attribute of the format, including text that needs escaping. */
    static UpdateSiteIndex fullIndex() {
        FileRecord.Version pluginVersion = new FileRecord.Version("0123456789abcdef0123456789abcdef01234567",
                20261122140000L, 123456, "scSE segmentation <U-Net & FCN> für OCT",
                Arrays.asList(new FileRecord.Dependency("jars/api.jar", 20261122140000L, false),
                        new FileRecord.Dependency("jars/pytorch-engine.jar", 20261122140000L, true)),
                Collections.singletonList("https://example.org/scse"), Arrays.asList("A. Author", "B. Author"));
        FileRecord plugin = new FileRecord("plugins/scSE_Fiji-0.2.0.jar", false, Collections.emptyList(),
                Collections.singletonList("Segmentation"), pluginVersion,
                Arrays.asList(new FileRecord.PreviousVersion(20250101000000L, 20261122140000L,
                                "1111111111111111111111111111111111111111", "plugins/scSE_Fiji-0.1.0.jar"),
                        new FileRecord.PreviousVersion(20240101000000L, 0, "2222222222222222222222222222222222222222", null)));
        FileRecord native64 = new FileRecord("jars/linux64/pytorch-native-cpu-2.7.1.jar", true,
                Collections.singletonList("linux64"), Collections.emptyList(),
                new FileRecord.Version("3333333333333333333333333333333333333333", 20261122140000L, 111_600_000L,
                        null, null, null, null), null);
        FileRecord removed = new FileRecord("models/old.pt", false, null, null, null, Collections.singletonList(
                new FileRecord.PreviousVersion(20250101000000L, 20261122140000L, "4444444444444444444444444444444444444444",
                        "models/old.pt")));
        return new UpdateSiteIndex(Arrays.asList(removed, plugin, native64));
    }

    @Test
    void writtenIndexIsGzippedXmlThatValidatesAgainstItsDtd() throws Exception {
        Path db = dir.resolve("site/db.xml.gz");
        fullIndex().writeAtomically(db);
        byte[] xml = gunzip(db);

        String text = new String(xml, StandardCharsets.UTF_8);
        assertTrue(text.startsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"), text);
        assertTrue(text.contains("<!DOCTYPE pluginRecords ["), "internal DTD present");
        assertTrue(text.contains("für OCT"), "UTF-8 text kept");
        validateStrictly(xml);
        assertFalse(Files.exists(dir.resolve("site/db.xml.gz.lock")), "no lock file left behind");
    }

    @Test
    void strictValidationCatchesAWrongElementOrder() throws IOException {
        String good = new String(fullIndex().toXml(), StandardCharsets.UTF_8);
        // category before platform breaks "platform*, category*, version?, previous-version*"
        String bad = good.replace("<plugin filename=\"jars/linux64/pytorch-native-cpu-2.7.1.jar\" executable=\"true\">",
                "<plugin filename=\"jars/linux64/pytorch-native-cpu-2.7.1.jar\" executable=\"true\"><category>x</category>");
        assertFalse(good.equals(bad), "the test edit must apply");
        assertThrows(SAXException.class, () -> validateStrictly(bad.getBytes(StandardCharsets.UTF_8)));
        String noDtd = good.replaceAll("(?s)<!DOCTYPE.*?\\]>", "");
        assertThrows(SAXException.class, () -> validateStrictly(noDtd.getBytes(StandardCharsets.UTF_8)));
        assertThrows(IOException.class, () -> UpdateSiteIndex.validate(bad.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void readingGivesBackWhatWasWritten() throws Exception {
        Path db = dir.resolve("db.xml.gz");
        UpdateSiteIndex written = fullIndex();
        written.writeAtomically(db);
        UpdateSiteIndex read = UpdateSiteIndex.read(db);
        assertArrayEquals(written.toXml(), read.toXml());

        FileRecord plugin = read.find("plugins/scSE_Fiji-9.9.9.jar");
        assertEquals("plugins/scSE_Fiji-0.2.0.jar", plugin.filename);
        assertEquals("scSE segmentation <U-Net & FCN> für OCT", plugin.version.description);
        assertTrue(plugin.version.dependencies.get(1).overrides);
        assertEquals(2, plugin.previous.size());
        assertNull(plugin.previous.get(1).filename);
        assertTrue(read.find("models/old.pt").isObsolete());
        assertTrue(read.find("jars/linux64/pytorch-native-cpu-2.8.0.jar").executable);
    }

    @Test
    void replacingAnIndexKeepsTheOldOne() throws Exception {
        Path db = dir.resolve("db.xml.gz");
        UpdateSiteIndex.empty().writeAtomically(db);
        byte[] first = Files.readAllBytes(db);
        fullIndex().writeAtomically(db);
        assertArrayEquals(first, Files.readAllBytes(dir.resolve("db.xml.gz.old")));
        assertEquals(3, UpdateSiteIndex.read(db).records().size());
        validateStrictly(gunzip(dir.resolve("db.xml.gz.old")));
    }

    /** A validating SAX parser that fails on any warning or error, independent of the production code. */
    static void validateStrictly(byte[] xml) throws Exception {
        SAXParserFactory factory = SAXParserFactory.newInstance();
        factory.setValidating(true);
        factory.setNamespaceAware(true);
        XMLReader reader = factory.newSAXParser().getXMLReader();
        reader.setErrorHandler(new ErrorHandler() {
            @Override
            public void warning(SAXParseException e) throws SAXException {
                throw e;
            }

            @Override
            public void error(SAXParseException e) throws SAXException {
                throw e;
            }

            @Override
            public void fatalError(SAXParseException e) throws SAXException {
                throw e;
            }
        });
        reader.parse(new InputSource(new ByteArrayInputStream(xml)));
    }

    static byte[] gunzip(Path file) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            return in.readAllBytes();
        }
    }
}

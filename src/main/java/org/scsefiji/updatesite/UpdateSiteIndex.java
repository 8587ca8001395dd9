package org.scsefiji.updatesite;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.parsers.SAXParserFactory;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import org.scsefiji.io.AtomicFiles;
import org.xml.sax.Attributes;
import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import org.xml.sax.XMLReader;
import org.xml.sax.helpers.DefaultHandler;

/**
 * An update site's {@code db.xml.gz}: gzip of UTF-8 XML with an internal DTD, one {@code <plugin>} record
 * per file (fiji.md section 8). Reading is lenient, like Fiji's reader (unknown elements such as a local
 * Fiji's {@code <update-site>} are skipped); writing validates against the DTD before anything is replaced.
 */
public final class UpdateSiteIndex {
    public static final String FILE_NAME = "db.xml.gz";

    /** The remote-site form of the updater's DTD: no update-site elements, which only local indexes have. */
    static final String DTD = "<!DOCTYPE pluginRecords [\n"
            + "<!ELEMENT pluginRecords (plugin*)>\n"
            + "<!ELEMENT plugin (platform*, category*, version?, previous-version*)>\n"
            + "<!ELEMENT version (description?, dependency*, link*, author*)>\n"
            + "<!ELEMENT previous-version EMPTY>\n"
            + "<!ELEMENT dependency EMPTY>\n"
            + "<!ELEMENT description (#PCDATA)>\n"
            + "<!ELEMENT link (#PCDATA)>\n"
            + "<!ELEMENT author (#PCDATA)>\n"
            + "<!ELEMENT platform (#PCDATA)>\n"
            + "<!ELEMENT category (#PCDATA)>\n"
            + "<!ATTLIST plugin filename CDATA #REQUIRED executable CDATA #IMPLIED>\n"
            + "<!ATTLIST version checksum CDATA #REQUIRED timestamp CDATA #REQUIRED filesize CDATA #REQUIRED>\n"
            + "<!ATTLIST previous-version timestamp CDATA #REQUIRED timestamp-obsolete CDATA #IMPLIED"
            + " checksum CDATA #REQUIRED filename CDATA #IMPLIED>\n"
            + "<!ATTLIST dependency filename CDATA #REQUIRED timestamp CDATA #IMPLIED overrides CDATA #IMPLIED>\n"
            + "]>";

    private final List<FileRecord> records;

    /** Records are kept sorted by file name, so equal content gives an equal file. */
    public UpdateSiteIndex(Collection<FileRecord> records) {
        List<FileRecord> sorted = new ArrayList<>(records);
        sorted.sort(Comparator.comparing(r -> r.filename));
        this.records = Collections.unmodifiableList(sorted);
    }

    public static UpdateSiteIndex empty() {
        return new UpdateSiteIndex(Collections.emptyList());
    }

    public List<FileRecord> records() {
        return records;
    }

    /** The record whose version-free name equals that of {@code fijiPath}, or null. */
    public FileRecord find(String fijiPath) {
        String key = VersionedName.strip(fijiPath);
        for (FileRecord r : records) {
            if (r.key().equals(key)) return r;
        }
        return null;
    }

    /** Reads a {@code db.xml.gz}. */
    public static UpdateSiteIndex read(Path dbXmlGz) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(dbXmlGz))) {
            return parse(in);
        } catch (IOException e) {
            throw new IOException("Cannot read the update site index " + dbXmlGz + ": " + e.getMessage(), e);
        }
    }

    /** Parses the uncompressed XML. */
    public static UpdateSiteIndex parse(InputStream xml) throws IOException {
        IndexHandler handler = new IndexHandler();
        try {
            XMLReader reader = parserFactory(false).newSAXParser().getXMLReader();
            reader.setContentHandler(handler);
            reader.setErrorHandler(handler); // lenient like Fiji's reader: only malformed XML fails
            reader.parse(new InputSource(xml));
        } catch (SAXException | ParserConfigurationException e) {
            throw new IOException("not a valid update site index: " + e.getMessage(), e);
        }
        return new UpdateSiteIndex(handler.records);
    }

    /** The uncompressed XML: declaration, internal DTD, then the records. */
    public byte[] toXml() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            XMLStreamWriter w = XMLOutputFactory.newFactory().createXMLStreamWriter(out, "UTF-8");
            w.writeStartDocument("UTF-8", "1.0");
            w.writeCharacters("\n");
            w.writeDTD(DTD);
            w.writeCharacters("\n");
            w.writeStartElement("pluginRecords");
            for (FileRecord r : records) writeRecord(w, r);
            w.writeCharacters("\n");
            w.writeEndElement();
            w.writeCharacters("\n");
            w.writeEndDocument();
            w.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("Cannot write the update site index: " + e.getMessage(), e);
        }
        return out.toByteArray();
    }

    private static void writeRecord(XMLStreamWriter w, FileRecord r) throws XMLStreamException {
        indent(w, 1);
        w.writeStartElement("plugin");
        w.writeAttribute("filename", r.filename);
        if (r.executable) w.writeAttribute("executable", "true");
        for (String p : r.platforms) textElement(w, 2, "platform", p);
        for (String c : r.categories) textElement(w, 2, "category", c);
        if (r.version != null) {
            FileRecord.Version v = r.version;
            indent(w, 2);
            w.writeStartElement("version");
            w.writeAttribute("checksum", v.checksum);
            w.writeAttribute("timestamp", Long.toString(v.timestamp));
            w.writeAttribute("filesize", Long.toString(v.filesize));
            if (v.description != null) textElement(w, 3, "description", v.description);
            for (FileRecord.Dependency d : v.dependencies) {
                indent(w, 3);
                w.writeEmptyElement("dependency");
                w.writeAttribute("filename", d.filename);
                w.writeAttribute("timestamp", Long.toString(d.timestamp));
                if (d.overrides) w.writeAttribute("overrides", "true");
            }
            for (String l : v.links) textElement(w, 3, "link", l);
            for (String a : v.authors) textElement(w, 3, "author", a);
            if (v.description != null || !v.dependencies.isEmpty() || !v.links.isEmpty() || !v.authors.isEmpty()) {
                indent(w, 2);
            }
            w.writeEndElement();
        }
        for (FileRecord.PreviousVersion p : r.previous) {
            indent(w, 2);
            w.writeEmptyElement("previous-version");
            w.writeAttribute("timestamp", Long.toString(p.timestamp));
            if (p.timestampObsolete != 0) w.writeAttribute("timestamp-obsolete", Long.toString(p.timestampObsolete));
            w.writeAttribute("checksum", p.checksum);
            if (p.filename != null) w.writeAttribute("filename", p.filename);
        }
        indent(w, 1);
        w.writeEndElement();
    }

    private static void textElement(XMLStreamWriter w, int depth, String name, String text) throws XMLStreamException {
        indent(w, depth);
        w.writeStartElement(name);
        w.writeCharacters(text);
        w.writeEndElement();
    }

    private static void indent(XMLStreamWriter w, int depth) throws XMLStreamException {
        w.writeCharacters("\n" + "    ".repeat(depth));
    }

    /**
     * Writes {@code db.xml.gz} so that readers never see a half-written index: the XML is validated, written
     * to {@code db.xml.gz.lock} next to the target, the current index (if any) is kept as
     * {@code db.xml.gz.old}, and the lock file is renamed over the target.
     */
    public void writeAtomically(Path dbXmlGz) throws IOException {
        byte[] xml = toXml();
        validate(xml);
        Path dir = dbXmlGz.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path lock = dir.resolve(dbXmlGz.getFileName() + ".lock");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(lock))) {
            out.write(xml);
        }
        if (Files.exists(dbXmlGz)) {
            Files.copy(dbXmlGz, dir.resolve(dbXmlGz.getFileName() + ".old"), StandardCopyOption.REPLACE_EXISTING);
        }
        AtomicFiles.moveIntoPlace(lock, dbXmlGz);
    }

    /** Parses {@code xml} with a validating parser against its internal DTD; any error is an IOException. */
    public static void validate(byte[] xml) throws IOException {
        try {
            XMLReader reader = parserFactory(true).newSAXParser().getXMLReader();
            reader.setErrorHandler(new FailingErrorHandler());
            reader.parse(new InputSource(new ByteArrayInputStream(xml)));
        } catch (SAXException | ParserConfigurationException e) {
            throw new IOException("The update site index does not match its DTD: " + e.getMessage(), e);
        }
    }

    private static SAXParserFactory parserFactory(boolean validating) throws ParserConfigurationException, SAXException {
        SAXParserFactory f = SAXParserFactory.newInstance();
        f.setNamespaceAware(true);
        f.setValidating(validating);
        // Only the internal DTD is ever needed: never resolve anything outside the file.
        f.setFeature("http://xml.org/sax/features/external-general-entities", false);
        f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
        return f;
    }

    private static final class FailingErrorHandler implements ErrorHandler {
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
    }

    /** Builds records from SAX events; element text is collected per element. */
    private static final class IndexHandler extends DefaultHandler {
        final List<FileRecord> records = new ArrayList<>();
        private final StringBuilder text = new StringBuilder();
        private String filename;
        private boolean executable;
        private List<String> platforms, categories, links, authors;
        private List<FileRecord.Dependency> dependencies;
        private List<FileRecord.PreviousVersion> previous;
        private String checksum, description;
        private long timestamp, filesize;
        private boolean hasVersion;

        @Override
        public void startElement(String uri, String localName, String qName, Attributes a) throws SAXException {
            text.setLength(0);
            switch (localName) {
                case "plugin":
                    filename = required(a, "filename");
                    executable = "true".equalsIgnoreCase(a.getValue("executable"));
                    platforms = new ArrayList<>();
                    categories = new ArrayList<>();
                    links = new ArrayList<>();
                    authors = new ArrayList<>();
                    dependencies = new ArrayList<>();
                    previous = new ArrayList<>();
                    hasVersion = false;
                    description = null;
                    break;
                case "version":
                    hasVersion = true;
                    checksum = required(a, "checksum");
                    timestamp = number(a, "timestamp");
                    filesize = number(a, "filesize");
                    break;
                case "previous-version":
                    previous.add(new FileRecord.PreviousVersion(number(a, "timestamp"), number(a, "timestamp-obsolete"),
                            required(a, "checksum"), a.getValue("filename")));
                    break;
                case "dependency":
                    dependencies.add(new FileRecord.Dependency(required(a, "filename"), number(a, "timestamp"),
                            "true".equals(a.getValue("overrides"))));
                    break;
                default:
                    break;
            }
        }

        @Override
        public void characters(char[] ch, int start, int length) {
            text.append(ch, start, length);
        }

        @Override
        public void endElement(String uri, String localName, String qName) {
            String body = text.toString();
            switch (localName) {
                case "platform": platforms.add(body.trim()); break;
                case "category": categories.add(body.trim()); break;
                case "description": description = body; break;
                case "link": links.add(body.trim()); break;
                case "author": authors.add(body.trim()); break;
                case "plugin":
                    FileRecord.Version v = hasVersion ? new FileRecord.Version(checksum, timestamp, filesize,
                            description, dependencies, links, authors) : null;
                    records.add(new FileRecord(filename, executable, platforms, categories, v, previous));
                    break;
                default:
                    break;
            }
            text.setLength(0);
        }

        private static String required(Attributes a, String name) throws SAXException {
            String v = a.getValue(name);
            if (v == null) throw new SAXException("an element lacks its '" + name + "' attribute");
            return v;
        }

        private static long number(Attributes a, String name) throws SAXException {
            String v = a.getValue(name);
            if (v == null || v.isEmpty()) return 0;
            try {
                return Long.parseLong(v.trim());
            } catch (NumberFormatException e) {
                throw new SAXException("attribute " + name + "=\"" + v + "\" is not a number");
            }
        }
    }
}

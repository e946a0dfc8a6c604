// Parses a JSON-LD document with jsonld.js (the W3C JSON-LD 1.1 reference processor) and prints its RDF as N-Quads.
// Safe mode makes the processor fail, rather than silently drop data, on anything it cannot map to an IRI (an
// undefined term or prefix, a relative IRI, a malformed @type or literal), so a document that converts is well-formed
// JSON-LD whose every statement survives. Remote contexts are refused: the document must carry its own.
// Usage: node jsonld/to-nquads.mjs <file.jsonld>
import { readFile } from 'node:fs/promises';
import jsonld from 'jsonld';

const doc = JSON.parse(await readFile(process.argv[2], 'utf8'));
const documentLoader = url => { throw new Error(`remote context refused: ${url}`); };
try {
  process.stdout.write(await jsonld.toRDF(doc, { format: 'application/n-quads', safe: true, documentLoader }));
} catch (e) {
  process.stderr.write(`${e.name}: ${e.message}\n${JSON.stringify(e.details ?? {}, null, 2)}\n`);
  process.exit(1);
}

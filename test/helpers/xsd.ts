/**
 * XML Schema validation with libxml2 compiled to WebAssembly (libxml2-wasm), so the TCX schema
 * tests need nothing but Node and npm (they used the system `xmllint`). Same library, same
 * messages: `output` is libxml2's errors, one a line, empty when the document is valid.
 */
import fs from 'node:fs';
import { XmlDocument, XmlValidateError, XsdValidator } from 'libxml2-wasm';

const validators = new Map<string, XsdValidator>();

export function validateAgainstXsd(xsdPath: string, xml: string): { ok: boolean; output: string } {
  let validator = validators.get(xsdPath);
  if (!validator) {
    const schemaDoc = XmlDocument.fromBuffer(fs.readFileSync(xsdPath), { url: xsdPath });
    validator = XsdValidator.fromDoc(schemaDoc);
    schemaDoc.dispose();
    validators.set(xsdPath, validator);
  }
  const doc = XmlDocument.fromString(xml);
  try {
    validator.validate(doc);
    return { ok: true, output: '' };
  } catch (err) {
    if (err instanceof XmlValidateError) return { ok: false, output: err.details.map((d) => `${d.line}: ${d.message.trim()}`).join('\n') };
    throw err;
  } finally {
    doc.dispose();
  }
}

/** The official SARIF 2.1.0 schema (vendored in test/fixtures/sarif, license noted there), compiled for validating output. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';

const schemaPath = path.join(import.meta.dirname, '..', 'fixtures', 'sarif', 'sarif-2.1.0.json');

export function sarifValidator() {
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  // The schema's formats, checked without an extra dependency.
  ajv.addFormat('uri', (value: string) => URL.canParse(value));
  ajv.addFormat('uri-reference', (value: string) => URL.canParse(value, 'file:///base/'));
  ajv.addFormat('date-time', (value: string) => !Number.isNaN(Date.parse(value)) && /^\d{4}-\d\d-\d\dT/.test(value));
  ajv.addFormat('uuid', /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i);
  return ajv.compile(JSON.parse(readFileSync(schemaPath, 'utf8')));
}

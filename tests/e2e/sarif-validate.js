// sarif-validate.js SCHEMA FILE... - validates each SARIF file against the
// SARIF 2.1.0 JSON schema with ajv 8, in the draft the schema declares
// ($schema: draft-07 in older copies, 2020-12 in the multitool's 5.x), with
// ajv-formats for its uri and date-time formats. Prints one line per file, the
// errors of an invalid one; exits 1 when any file is invalid.
// NODE_PATH must hold the node_modules directory (tests/e2e/npm-deps).
"use strict";
const fs = require("fs");
const addFormats = require("ajv-formats");

const [schemaPath, ...files] = process.argv.slice(2);
const schema = JSON.parse(fs.readFileSync(schemaPath, "utf8"));
const draft = String(schema["$schema"] || "");
const Ajv = draft.includes("2020-12") ? require("ajv/dist/2020")
	: draft.includes("2019-09") ? require("ajv/dist/2019")
	: require("ajv"); // draft-07
const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
const validate = ajv.compile(schema);
let bad = 0;
for (const file of files) {
	const doc = JSON.parse(fs.readFileSync(file, "utf8"));
	if (validate(doc)) {
		console.log("valid " + file);
	} else {
		bad++;
		console.log("invalid " + file);
		for (const e of validate.errors.slice(0, 10))
			console.log("  " + e.instancePath + ": " + e.message);
	}
}
process.exit(bad ? 1 : 0);

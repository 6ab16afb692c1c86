// Writes src/api-types.ts, the TypeScript types of the API's answers, from
// the OpenAPI document (../src/api/openapi.json) with openapi-typescript.
// With --check it writes nothing and fails when the committed file is not
// what the document generates, which the web build runs first: a document
// changed without its types, or types edited by hand, stop the build.
import { readFileSync, writeFileSync } from "node:fs";
import openapiTS from "openapi-typescript";

const documentUrl = new URL("../../src/api/openapi.json", import.meta.url);
const typesUrl = new URL("../src/api-types.ts", import.meta.url);

const generated = await openapiTS(JSON.parse(readFileSync(documentUrl, "utf8")));

if (process.argv.includes("--check")) {
  let committed = "";
  try {
    committed = readFileSync(typesUrl, "utf8");
  } catch {
    // missing: reported below as stale
  }
  if (committed !== generated) {
    console.error(
      "web/src/api-types.ts is not what src/api/openapi.json generates: " +
        "run `npm run api-types` in web/ and commit the result",
    );
    process.exit(1);
  }
} else {
  writeFileSync(typesUrl, generated);
}

// Writes the export format registry's table into README.md, between its `<!-- export formats -->` markers.
import { readFileSync, writeFileSync } from "node:fs";
import { exportFormatsTable } from "@/lib/export/formats/registry";

const readme = readFileSync("README.md", "utf8");
const marked = /(<!-- export formats -->\n)[\s\S]*?(\n<!-- \/export formats -->)/;
if (!marked.test(readme)) throw new Error("README.md has no <!-- export formats --> … <!-- /export formats --> markers");
writeFileSync("README.md", readme.replace(marked, (_, start: string, end: string) => `${start}${exportFormatsTable()}${end}`));

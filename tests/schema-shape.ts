/** The tables and columns that db/schema.ts declares, read with the TypeScript compiler API. */
import fs from "node:fs";
import path from "node:path";
import ts from "typescript";

export type Shape = Record<string, Record<string, { nullable: boolean }>>;

export function schemaFromTypes(): Shape {
  const file = path.resolve("db/schema.ts");
  const source = ts.createSourceFile(file, fs.readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true);
  const interfaces = new Map<string, ts.InterfaceDeclaration>();
  source.forEachChild((node) => {
    if (ts.isInterfaceDeclaration(node)) interfaces.set(node.name.text, node);
  });
  const database = interfaces.get("Database")!;
  const shape: Shape = {};
  for (const member of database.members) {
    if (!ts.isPropertySignature(member) || !member.type || !ts.isTypeReferenceNode(member.type)) continue;
    const table = (member.name as ts.Identifier).text;
    const iface = interfaces.get(member.type.typeName.getText(source))!;
    shape[table] = {};
    for (const col of iface.members) {
      if (!ts.isPropertySignature(col) || !col.type) continue;
      const text = col.type.getText(source);
      shape[table][(col.name as ts.Identifier).text] = { nullable: /\|\s*null\b/.test(text) };
    }
  }
  return shape;
}


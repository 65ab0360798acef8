// Renames the wasm's imports from the JS glue and its long exports to short
// names, in the wasm and in the glue together:
//   node scripts/short-imports.mjs dist/x_bg.wasm dist/x.js
//
// wasm-bindgen names every import `__wbg_<name>_<16 hex digits>`; the ~136
// names are written twice (the wasm's import section and the glue's import
// object) and their random hex digits do not compress (~4 KB gz of the first
// visit). Each becomes `_` and a base-36 counter; the exports wasm-bindgen
// adds (`__wbindgen_malloc`, `wasm_bindgen_<hash>___convert__closures...`)
// become `$` and a counter (`memory`, `main` and the ones the glue does not
// use keep theirs). Only the import and export sections' names change; the
// code refers to functions by index, so nothing else in the wasm moves. In the
// glue each old name is replaced as a whole word (they are unique), and every
// one must be found.
import { readFileSync, writeFileSync } from "node:fs";

const [wasmPath, jsPath] = process.argv.slice(2);
const wasm = readFileSync(wasmPath);
let js = readFileSync(jsPath, "utf8");

function leb(buf, at) {
  let value = 0, shift = 0, byte;
  do {
    byte = buf[at++];
    value += (byte & 0x7f) * 2 ** shift;
    shift += 7;
  } while (byte & 0x80);
  return [value, at];
}
function uleb(value) {
  const out = [];
  do {
    let byte = value & 0x7f;
    value = Math.floor(value / 128);
    if (value) byte |= 0x80;
    out.push(byte);
  } while (value);
  return Buffer.from(out);
}
// `name` as a whole word: not inside a longer identifier.
const wordOf = (name) => new RegExp(`(?<![\\w$])${name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(?![\\w$])`, "g");
const str = (s) => Buffer.concat([uleb(Buffer.byteLength(s)), Buffer.from(s)]);
// A length-prefixed name at `at`: [name, the offset after it].
function readName(body, at) {
  let len;
  [len, at] = leb(body, at);
  return [body.subarray(at, at + len).toString(), at + len];
}

// The import section, rewritten: [module, field, kind, rest] for each import.
function renameImports(body, renames) {
  let [count, at] = leb(body, 0);
  const parts = [uleb(count)];
  let n = 0;
  while (count--) {
    let module, field;
    [module, at] = readName(body, at);
    [field, at] = readName(body, at);
    const start = at;
    const kind = body[at++];
    if (kind !== 0) throw new Error(`short-imports: import ${module}.${field} is not a function`);
    [, at] = leb(body, at);
    const short = module.endsWith(".js") ? `_${(n++).toString(36)}` : field;
    if (short !== field) renames.set(field, short);
    parts.push(str(module), str(short), body.subarray(start, at));
  }
  return Buffer.concat(parts);
}

// The export section, rewritten: [name, kind, index] for each export.
function renameExports(body, renames) {
  let [count, at] = leb(body, 0);
  const parts = [uleb(count)];
  let n = 0;
  while (count--) {
    let name;
    [name, at] = readName(body, at);
    const start = at++;
    [, at] = leb(body, at);
    const renamed = /^(__|wasm_bindgen_)/.test(name) && wordOf(name).test(js);
    const short = renamed ? `$${(n++).toString(36)}` : name;
    if (short !== name) renames.set(name, short);
    parts.push(str(short), body.subarray(start, at));
  }
  return Buffer.concat(parts);
}

const renames = new Map();
const sections = [wasm.subarray(0, 8)];
for (let at = 8; at < wasm.length; ) {
  const id = wasm[at];
  const [size, bodyAt] = leb(wasm, at + 1);
  let body = wasm.subarray(bodyAt, bodyAt + size);
  if (id === 2) body = renameImports(body, renames);
  if (id === 7) body = renameExports(body, renames);
  sections.push(Buffer.from([id]), uleb(body.length), body);
  at = bodyAt + size;
}

for (const [old, short] of [...renames].sort((a, b) => b[0].length - a[0].length)) {
  const word = wordOf(old);
  if (!word.test(js)) throw new Error(`short-imports: ${old} is not in ${jsPath}`);
  js = js.replace(word, () => short);
}
writeFileSync(wasmPath, Buffer.concat(sections));
writeFileSync(jsPath, js);
console.log(`short-imports: ${renames.size} imports and exports renamed`);

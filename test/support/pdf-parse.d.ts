/** pdf-parse 1.1.1 ships no types; its library entry (without the debug harness of its index.js) is all the tests use. */
declare module 'pdf-parse/lib/pdf-parse.js' {
  function pdfParse(data: Buffer): Promise<{ text: string; numpages: number; info: Record<string, unknown> }>;
  export = pdfParse;
}

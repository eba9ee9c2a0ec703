import { CombinedError } from 'urql';

export interface UploadedDocument {
  id: string;
  fileName: string;
  sizeBytes: number;
}

/**
 * POST /documents (multipart) with the session cookie: the API reads the file's type from its bytes and answers with
 * the document's id, which a GraphQL mutation then attaches. REST errors carry the same codes and messages as GraphQL,
 * so they are wrapped as a CombinedError for the one error display (ErrorNotice).
 */
export async function uploadDocument(file: File, purpose: 'MEMORANDUM'): Promise<UploadedDocument> {
  const body = new FormData();
  body.append('purpose', purpose);
  body.append('file', file, file.name);
  let res: Response;
  try {
    res = await fetch('/documents', { method: 'POST', body, credentials: 'same-origin', headers: { 'apollo-require-preflight': 'true' } });
  } catch (e) {
    throw new CombinedError({ networkError: e instanceof Error ? e : new Error(String(e)) });
  }
  const json = (await res.json().catch(() => ({}))) as Record<string, unknown>;
  if (!res.ok) {
    const code = typeof json.code === 'string' ? json.code : 'INTERNAL_SERVER_ERROR';
    throw new CombinedError({
      graphQLErrors: [
        { message: String(json.messageEn ?? code), extensions: { code, messageJa: json.messageJa, messageEn: json.messageEn, details: json.details } },
      ],
    });
  }
  return json as unknown as UploadedDocument;
}

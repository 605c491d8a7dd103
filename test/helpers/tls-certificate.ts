import { generate } from 'selfsigned';

/** A self-signed certificate for 127.0.0.1 and localhost, made at test time. */
export interface TestCertificate {
  /** PEM certificate (also the CA to trust, since it signs itself). */
  cert: string;
  /** PEM private key. */
  key: string;
}

/**
 * Generates a throwaway self-signed certificate valid for `localhost` and `127.0.0.1` (X6). EC
 * keys keep generation fast.
 */
export async function selfSignedCertificate(): Promise<TestCertificate> {
  const pems = await generate([{ name: 'commonName', value: 'localhost' }], {
    keyType: 'ec',
    algorithm: 'sha256',
    extensions: [
      { name: 'basicConstraints', cA: true },
      { name: 'keyUsage', digitalSignature: true, keyCertSign: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames: [{ type: 2, value: 'localhost' }, { type: 7, ip: '127.0.0.1' }] },
    ],
  });
  return { cert: pems.cert, key: pems.private };
}

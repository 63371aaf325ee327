// Shared by the conformance tests: start a receiver on 127.0.0.1:0 and stop it again.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A started receiver: its webhook URL, probe URL, and how to stop it. */
export interface Started {
  readonly url: string;
  readonly probe: string;
  readonly origin: string;
  close(): Promise<void>;
}

/** Listens on an ephemeral loopback port. */
export async function start(server: Server, { path = '/webhooks', probePath = '/_probe' } = {}): Promise<Started> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  return {
    url: `${origin}${path}`,
    probe: `${origin}${probePath}`,
    origin,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A secret in the profile's format that is easy to spot if it ever leaked into a report. */
export function recognisableSecret(profile: string): string {
  // 24 bytes of base64 for the standard profile; plain text elsewhere.
  return profile === 'standard' ? `whsec_${Buffer.from('LEAKCANARY-0123456789abc').toString('base64')}` : profile === 'stripe' ? 'whsec_LEAKCANARYstripe0123456789' : 'LEAKCANARY-hex-profile-secret-0123456789';
}

/**
 * SSM Parameter Store and SQS as one loopback HTTP server speaking their JSON wire protocols,
 * for running the bundled Lambda functions in a child process (which cannot be mocked in-process):
 * point AWS_ENDPOINT_URL_SSM and AWS_ENDPOINT_URL_SQS at it.
 */
import { createHash, randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeSsmSqs {
  url: string;
  /** Message bodies sent, oldest first. */
  messages: string[];
  close(): Promise<void>;
}

export async function startFakeSsmSqs(parameters: Record<string, string>): Promise<FakeSsmSqs> {
  const messages: string[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const target = String(req.headers['x-amz-target'] ?? '');
      const input = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>;
      const reply = (status: number, version: string, body: unknown) => {
        res.writeHead(status, { 'content-type': `application/x-amz-json-${version}`, 'x-amzn-requestid': randomUUID() });
        res.end(JSON.stringify(body));
      };
      if (target === 'AmazonSSM.GetParameters') {
        const names = (input['Names'] as string[]) ?? [];
        reply(200, '1.1', {
          Parameters: names.filter((n) => n in parameters).map((n) => ({ Name: n, Type: 'SecureString', Value: parameters[n], Version: 1 })),
          InvalidParameters: names.filter((n) => !(n in parameters)),
        });
      } else if (target === 'AmazonSQS.SendMessage') {
        const body = String(input['MessageBody'] ?? '');
        messages.push(body);
        reply(200, '1.0', { MessageId: randomUUID(), MD5OfMessageBody: createHash('md5').update(body).digest('hex') });
      } else {
        reply(400, '1.0', { __type: 'UnknownOperationException', message: `the fake does not answer ${target}` });
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    messages,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

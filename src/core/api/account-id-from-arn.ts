/** The account field of an ARN (`arn:partition:service:region:account:…`), when it has one. */
export function accountIdFromArn(arn: string | undefined): string | undefined {
  const account = arn?.split(':')[4];
  return account && /^\d{12}$/.test(account) ? account : undefined;
}

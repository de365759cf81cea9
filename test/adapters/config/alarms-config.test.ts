import { describe, expect, it } from 'vitest';
import { alarmChannel } from '../../../src/adapters/config/alarm-channel.ts';
import { parseAccessConfig } from '../../../src/adapters/config/load-access-config.ts';
import { ConfigValidationError } from '../../../src/core/errors/diagnose-error.ts';

const parse = (yaml: string) => parseAccessConfig(yaml, 'bot.yaml');
const problem = (yaml: string): string => {
  try {
    parse(yaml);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigValidationError);
    return (error as Error).message;
  }
  throw new Error('expected the configuration to be refused');
};

describe('alarms configuration', () => {
  it('reads the channel, the name prefix and the overrides', () => {
    const config = parse(
      [
        'alarms:',
        '  channel: C0ALARMS',
        '  namePrefix: api-',
        '  overrides:',
        '    - { alarm: api-checkout-5xx, channel: C0CHECKOUT }',
        '    - { prefix: api-pay, channel: C0PAY }',
      ].join('\n'),
    );
    expect(config.alarms).toEqual({
      channel: 'C0ALARMS',
      namePrefix: 'api-',
      overrides: [
        { alarm: 'api-checkout-5xx', channel: 'C0CHECKOUT' },
        { prefix: 'api-pay', channel: 'C0PAY' },
      ],
    });
  });

  it('refuses a section without a channel, a misspelt key, and an override with both or neither of alarm and prefix', () => {
    expect(problem('alarms:\n  namePrefix: api-\n')).toMatch(/alarms\.channel/);
    expect(problem('alarms:\n  channel: C0ALARMS\n  chanel: C0OTHER\n')).toMatch(/chanel/);
    expect(problem('alarms:\n  channel: C0ALARMS\n  overrides:\n    - { alarm: a, prefix: b, channel: C0X1 }\n')).toMatch(/either `alarm`/);
    expect(problem('alarms:\n  channel: C0ALARMS\n  overrides:\n    - { channel: C0X1 }\n')).toMatch(/either `alarm`/);
    expect(problem('alarms:\n  channel: general\n')).toMatch(/channel id looks like/);
  });

  it('refuses alarm channels the access rules do not allow', () => {
    const yaml = ['access:', '  channels: [C0INCIDENT]', 'alarms:', '  channel: C0ALARMS', '  overrides:', '    - { prefix: x, channel: C0INCIDENT }'].join(
      '\n',
    );
    expect(problem(yaml)).toMatch(/alarms\.channel.*C0ALARMS is not listed under access\.channels/);
    expect(() => parse(yaml.replace('C0ALARMS', 'C0INCIDENT'))).not.toThrow();
  });
});

describe('alarmChannel', () => {
  const alarms = {
    channel: 'C0DEFAULT',
    overrides: [
      { prefix: 'api-', channel: 'C0BROAD' },
      { prefix: 'api-pay', channel: 'C0NARROW' },
      { alarm: 'api-pay-refunds', channel: 'C0EXACT' },
    ],
  };

  it('prefers the exact name, then the longest prefix, then the default channel', () => {
    expect(alarmChannel(alarms, 'api-pay-refunds')).toBe('C0EXACT');
    expect(alarmChannel(alarms, 'api-pay-checkout')).toBe('C0NARROW');
    expect(alarmChannel(alarms, 'api-orders')).toBe('C0BROAD');
    expect(alarmChannel(alarms, 'orders')).toBe('C0DEFAULT');
  });

  it('takes no alarm without the configuration, nor one outside the name prefix', () => {
    expect(alarmChannel(undefined, 'api-orders')).toBeNull();
    expect(alarmChannel({ ...alarms, namePrefix: 'api-' }, 'orders')).toBeNull();
    expect(alarmChannel({ ...alarms, namePrefix: 'api-' }, 'api-orders')).toBe('C0BROAD');
  });
});

import { MemoryStateStore } from '../../../src/adapters/store/memory-state-store.ts';
import { runStateStoreContract } from './state-store.contract.ts';

runStateStoreContract('MemoryStateStore', (clock, retention) => new MemoryStateStore(clock.now, retention));

import { Global, Module } from '@nestjs/common';
import { AppConfig, loadConfig } from './config/app-config';
import { ReceiptSigner } from './crypto/receipt-signer';
import { DomainEvents } from './events/domain-events';
import { Clock, ControlledClock, SystemClock } from './time/clock';

@Global()
@Module({
  providers: [
    { provide: AppConfig, useFactory: () => loadConfig() },
    DomainEvents,
    ReceiptSigner,
    {
      provide: Clock,
      inject: [AppConfig],
      useFactory: (config: AppConfig) => {
        // Production runs on the system clock itself (it refuses CLOCK_START_AT and DEMO_DATA). A settable clock only
        // where something sets it: tests, CLOCK_START_AT, and the demo, which writes its history on past days.
        if (config.isProduction || (config.NODE_ENV !== 'test' && !config.CLOCK_START_AT && !config.DEMO_DATA)) return new SystemClock();
        const clock = new ControlledClock();
        if (config.CLOCK_START_AT) clock.travelTo(config.CLOCK_START_AT);
        return clock;
      },
    },
  ],
  exports: [AppConfig, Clock, DomainEvents, ReceiptSigner],
})
export class CoreModule {}

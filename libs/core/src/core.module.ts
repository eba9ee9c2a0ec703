import { Global, Module } from '@nestjs/common';
import { AppConfig, loadConfig } from './config/app-config';
import { ReceiptSigner } from './crypto/receipt-signer';
import { DomainEvents } from './events/domain-events';
import { Clock, ControlledClock } from './time/clock';

@Global()
@Module({
  providers: [
    { provide: AppConfig, useFactory: () => loadConfig() },
    DomainEvents,
    ReceiptSigner,
    // Follows real time unless told otherwise: tests set it, the demo can start it at a chosen instant.
    {
      provide: Clock,
      inject: [AppConfig],
      useFactory: (config: AppConfig) => {
        const clock = new ControlledClock();
        if (config.CLOCK_START_AT) clock.travelTo(config.CLOCK_START_AT);
        return clock;
      },
    },
  ],
  exports: [AppConfig, Clock, DomainEvents, ReceiptSigner],
})
export class CoreModule {}

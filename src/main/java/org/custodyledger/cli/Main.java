package org.custodyledger.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code custody-ledger} command line. */
@Command(name = "custody-ledger", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Chain-of-custody ledger for body-worn-camera footage.",
        subcommands = {ServeCommand.class, MigrateCommand.class, KeygenCommand.class, TokenCommand.class,
                UploadCommand.class, VerifyBundleCommand.class, MigrateBlobsCommand.class, VerifyReceiptCommand.class, AuditCommand.class, RevokeKeyCommand.class, ReportCommand.class, BackupCommand.class,
                RestoreCommand.class, WitnessCommand.class, WitnessKeygenCommand.class, MonitorCommand.class,
                CommandLine.HelpCommand.class})
public final class Main {
    public static void main(String[] args) {
        System.exit(new CommandLine(new Main()).execute(args));
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"custody-ledger " + (v == null ? "(development build)" : v)};
        }
    }
}

package dev.tracehound.app;

import dev.tracehound.platform.identity.DemoMembers;
import dev.tracehound.platform.identity.Role;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.stereotype.Component;

/**
 * Gives the development provider's demo users their roles in the demo workspace, so that each
 * logs in as what their name says. Only with demo data on and the provider's issuer given
 * ({@code ./dev up} passes both, and the users as the provider printed them).
 */
@Component
final class DemoMembersLoader implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(DemoMembersLoader.class);

    /**
     * @param issuer  the development provider's issuer; blank: no demo members
     * @param members {@code email=role} pairs, comma-separated
     */
    @ConfigurationProperties("tracehound.demo.identity")
    record Settings(String issuer, String members) {

        List<DemoMembers.Member> parsed() {
            var parsed = new ArrayList<DemoMembers.Member>();
            if (members == null || members.isBlank()) {
                return parsed;
            }
            for (String pair : members.split(",")) {
                String[] parts = pair.strip().split("=", 2);
                if (parts.length != 2 || parts[0].isBlank()) {
                    throw new IllegalArgumentException("tracehound.demo.identity.members (TRACEHOUND_DEMO_MEMBERS) is "
                            + "email=role pairs separated by commas; '" + pair + "' is not one");
                }
                Role role;
                try {
                    role = Role.valueOf(parts[1].strip().toUpperCase(Locale.ROOT));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("tracehound.demo.identity.members: no role '" + parts[1]
                            + "' (owner, admin, member, viewer)");
                }
                parsed.add(new DemoMembers.Member(parts[0].strip(), null, role));
            }
            return parsed;
        }
    }

    private final DemoProperties demo;
    private final Settings settings;
    private final DataSource dataSource;

    DemoMembersLoader(DemoProperties demo, Settings settings, DataSource dataSource) {
        this.demo = demo;
        this.settings = settings;
        this.dataSource = dataSource;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (!demo.enabled() || settings.issuer() == null || settings.issuer().isBlank()) {
            return;
        }
        var members = settings.parsed();
        new DemoMembers(dataSource).ensure(settings.issuer(), demo.workspace(), members);
        log.info("demo members: {} of {} in workspace {}", members.stream()
                .map(m -> m.email() + " " + m.role().name().toLowerCase(Locale.ROOT)).toList(), settings.issuer(),
                demo.workspace());
    }
}

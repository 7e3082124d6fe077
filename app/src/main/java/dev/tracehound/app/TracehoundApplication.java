package dev.tracehound.app;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class TracehoundApplication {

    public static void main(String[] args) {
        SpringApplication.run(TracehoundApplication.class, args);
    }
}

package io.drover;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The DR server: Camunda engine, REST API and web apps in one Spring Boot application. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class DroverApplication {
}

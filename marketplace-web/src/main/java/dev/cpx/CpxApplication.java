package dev.cpx;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The CPX application; sits at the root package so core and settlement components, entities and repositories are found. */
@SpringBootApplication
public class CpxApplication {

    private static final String LOG_FACTORY = "org.apache.commons.logging.LogFactory";

    public static void main(String[] args) {
        // commons-logging's SLF4J adapter formats every debug message even when debug is off (Spring's LogMessage
        // suppliers included, on every request); its Log4j API adapter asks first, and log4j-to-slf4j hands the
        // enabled ones to Logback all the same.
        if (System.getProperty(LOG_FACTORY) == null) {
            System.setProperty(LOG_FACTORY, "org.apache.commons.logging.impl.Log4jApiLogFactory");
        }
        SpringApplication.run(CpxApplication.class, args);
    }
}

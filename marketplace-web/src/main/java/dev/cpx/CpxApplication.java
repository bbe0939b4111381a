package dev.cpx;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The CPX application; sits at the root package so core and settlement components, entities and repositories are found. */
@SpringBootApplication
public class CpxApplication {

    public static void main(String[] args) {
        SpringApplication.run(CpxApplication.class, args);
    }
}

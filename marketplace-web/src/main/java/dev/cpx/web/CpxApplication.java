package dev.cpx.web;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication(scanBasePackages = "dev.cpx")
public class CpxApplication {

    public static void main(String[] args) {
        SpringApplication.run(CpxApplication.class, args);
    }
}

package org.pathwayshub;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class PathwaysHub {
    public static void main(String[] args) {
        SpringApplication.run(PathwaysHub.class, args);
    }
}

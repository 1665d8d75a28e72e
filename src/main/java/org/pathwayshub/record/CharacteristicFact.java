package org.pathwayshub.record;

import java.time.LocalDate;

/** A characteristic a source says a young person has, from and to the dates it gives (either may be unknown). */
public record CharacteristicFact(String code, LocalDate from, LocalDate to) {
}

package org.pathwayshub.record;

/** How a value in a partner's record is read and checked. */
public enum FieldType {
    TEXT, NAME, DATE, TIMESTAMP, COUNT, BOOLEAN, CODE, NC_YEAR, POSTCODE, LAESTAB, LA_CODE, UKPRN,
    UPN, ULN, YOUNG_PERSONS_ID, NINO
}

package org.custodyledger.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Each witness once, by name, with the smallest tree size it cosigned, whatever order the rows come in. */
class LedgerAttestationsTest {
    @Test
    void eachWitnessOnceSortedByNameAtTheSmallestSizeItCosigned() {
        List<LedgerAttestations.Witness> w = LedgerAttestations.earliestByName(List.of(
                new LedgerAttestations.Cosigned(12, List.of("w.example/b", "w.example/a")),
                new LedgerAttestations.Cosigned(9, List.of("w.example/b")),
                new LedgerAttestations.Cosigned(15, List.of("w.example/c", "w.example/a"))));
        assertEquals(List.of(new LedgerAttestations.Witness("w.example/a", 12), new LedgerAttestations.Witness("w.example/b", 9),
                new LedgerAttestations.Witness("w.example/c", 15)), w);
    }

    @Test
    void refusesWitnessesOutOfOrder() {
        assertThrows(IllegalArgumentException.class, () -> new LedgerAttestations(List.of(
                new LedgerAttestations.Witness("b", 1), new LedgerAttestations.Witness("a", 1)), null));
    }
}

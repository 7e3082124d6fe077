package dev.tracehound.demo;

/** Stack traces as the services' runtimes print them, for exception events. */
final class StackTraces {

    private StackTraces() {
    }

    static String deadlock(String message) {
        return "org.postgresql.util.PSQLException: " + message + "\n"
                + "\tat org.postgresql.core.v3.QueryExecutorImpl.receiveErrorResponse(QueryExecutorImpl.java:2733)\n"
                + "\tat org.postgresql.core.v3.QueryExecutorImpl.processResults(QueryExecutorImpl.java:2420)\n"
                + "\tat org.postgresql.core.v3.QueryExecutorImpl.execute(QueryExecutorImpl.java:372)\n"
                + "\tat org.postgresql.jdbc.PgStatement.executeInternal(PgStatement.java:517)\n"
                + "\tat org.postgresql.jdbc.PgPreparedStatement.executeUpdate(PgPreparedStatement.java:152)\n"
                + "\tat com.zaxxer.hikari.pool.HikariProxyPreparedStatement.executeUpdate(HikariProxyPreparedStatement.java)\n"
                + "\tat dev.shop.inventory.StockRepository.reserve(StockRepository.java:88)\n"
                + "\tat dev.shop.inventory.StockService.reserveStock(StockService.java:142)\n"
                + "\tat dev.shop.inventory.grpc.InventoryGrpcService.reserveStock(InventoryGrpcService.java:61)\n"
                + "\tat io.grpc.stub.ServerCalls$UnaryServerCallHandler$UnaryServerCallListener.onHalfClose(ServerCalls.java:182)";
    }

    static String statementTimeout(String message, String repositoryMethod, String grpcMethod) {
        return "org.postgresql.util.PSQLException: " + message + "\n"
                + "\tat org.postgresql.core.v3.QueryExecutorImpl.receiveErrorResponse(QueryExecutorImpl.java:2733)\n"
                + "\tat org.postgresql.core.v3.QueryExecutorImpl.processResults(QueryExecutorImpl.java:2420)\n"
                + "\tat org.postgresql.core.v3.QueryExecutorImpl.execute(QueryExecutorImpl.java:372)\n"
                + "\tat org.postgresql.jdbc.PgStatement.executeInternal(PgStatement.java:517)\n"
                + "\tat org.postgresql.jdbc.PgPreparedStatement.executeQuery(PgPreparedStatement.java:134)\n"
                + "\tat com.zaxxer.hikari.pool.HikariProxyPreparedStatement.executeQuery(HikariProxyPreparedStatement.java)\n"
                + "\tat dev.shop.inventory.ReadReplicaRouter.query(ReadReplicaRouter.java:57)\n"
                + "\tat dev.shop.inventory." + repositoryMethod + "(" + repositoryMethod.substring(0, repositoryMethod.indexOf('.'))
                + ".java:41)\n"
                + "\tat dev.shop.inventory.grpc.InventoryGrpcService." + grpcMethod + "(InventoryGrpcService.java:38)\n"
                + "\tat io.grpc.stub.ServerCalls$UnaryServerCallHandler$UnaryServerCallListener.onHalfClose(ServerCalls.java:182)";
    }

    static String paymentFailed(String message, String grpcName, String cause) {
        return "dev.shop.checkout.payment.PaymentFailedException: " + message + "\n"
                + "\tat dev.shop.checkout.payment.PaymentClient.charge(PaymentClient.java:74)\n"
                + "\tat dev.shop.checkout.OrderService.placeOrder(OrderService.java:118)\n"
                + "\tat dev.shop.checkout.grpc.CheckoutGrpcService.placeOrder(CheckoutGrpcService.java:52)\n"
                + "\tat io.grpc.stub.ServerCalls$UnaryServerCallHandler$UnaryServerCallListener.onHalfClose(ServerCalls.java:182)\n"
                + "Caused by: io.grpc.StatusRuntimeException: " + grpcName + ": " + cause + "\n"
                + "\tat io.grpc.stub.ClientCalls.toStatusRuntimeException(ClientCalls.java:268)\n"
                + "\tat io.grpc.stub.ClientCalls.getUnchecked(ClientCalls.java:249)\n"
                + "\tat io.grpc.stub.ClientCalls.blockingUnaryCall(ClientCalls.java:167)\n"
                + "\tat dev.shop.payments.v1.PaymentServiceGrpc$PaymentServiceBlockingStub.charge(PaymentServiceGrpc.java:310)\n"
                + "\tat dev.shop.checkout.payment.PaymentClient.charge(PaymentClient.java:69)\n"
                + "\t... 3 more";
    }

    static String goProviderCall(String adapterType, String adapterFile) {
        return "goroutine 48213 [running]:\n"
                + "runtime/debug.Stack()\n"
                + "\t/usr/local/go/src/runtime/debug/stack.go:26 +0x5e\n"
                + "github.com/shop/payments/internal/provider.(*" + adapterType + ").Charge(0xc000412a80, {0x1a2b3c0, 0xc0004f2e10}, 0xc0002c6f00)\n"
                + "\t/app/internal/provider/" + adapterFile + ":141 +0x3a5\n"
                + "github.com/shop/payments/internal/charge.(*Service).Charge(0xc0001b4000, {0x1a2b3c0, 0xc0004f2e10}, 0xc0002c6f00)\n"
                + "\t/app/internal/charge/service.go:88 +0x2d1\n"
                + "github.com/shop/payments/internal/grpcapi.(*Server).Charge(0xc0001b4010, {0x1a2b3c0, 0xc0004f2e10}, 0xc0002c6e40)\n"
                + "\t/app/internal/grpcapi/server.go:57 +0x145";
    }
}
